-- Alertmanager semantics (issue 6): routing configuration per tenant, silences, the alerts that
-- routing knows, and the state of aggregation groups (timer + notification log) shared by every
-- alert-service instance. Times are epoch milliseconds.
CREATE TABLE alert_route_config (
  tenant     VARCHAR(64) NOT NULL,
  config     MEDIUMTEXT  NOT NULL,
  updated_at BIGINT      NOT NULL,
  PRIMARY KEY (tenant)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Silences are never deleted: expiring one early sets ends_at, so the table is their history.
CREATE TABLE alert_silence (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  tenant     VARCHAR(64)  NOT NULL,
  matchers   TEXT         NOT NULL,
  starts_at  BIGINT       NOT NULL,
  ends_at    BIGINT       NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  comment    TEXT         NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL,
  PRIMARY KEY (id),
  KEY alert_silence_tenant_end (tenant, ends_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per alert identity (fingerprint of its labels); ends_at is null while it fires.
-- Resolved rows are kept for sluice.alert.route.resolved-retention, then deleted.
CREATE TABLE alert_instance (
  tenant      VARCHAR(64) NOT NULL,
  fingerprint CHAR(16)    NOT NULL,
  labels      TEXT        NOT NULL,
  annotations TEXT        NOT NULL,
  starts_at   BIGINT      NOT NULL,
  ends_at     BIGINT      NULL,
  value       DOUBLE      NULL,
  updated_at  BIGINT      NOT NULL,
  PRIMARY KEY (tenant, fingerprint),
  KEY alert_instance_end (ends_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per aggregation group (route × group labels). A flush locks the row (FOR UPDATE SKIP
-- LOCKED), so exactly one instance flushes a group at a time; last_firing and last_notified_at
-- are the notification log that de-duplicates across instances and restarts.
CREATE TABLE alert_group (
  tenant           VARCHAR(64)   NOT NULL,
  group_hash       CHAR(64)      NOT NULL,
  group_key        TEXT          NOT NULL,
  route_id         TEXT          NOT NULL,
  receiver         VARCHAR(200)  NOT NULL,
  group_labels     TEXT          NOT NULL,
  next_flush_at    BIGINT        NOT NULL,
  last_notified_at BIGINT        NULL,
  last_firing      TEXT          NOT NULL,
  created_at       BIGINT        NOT NULL,
  PRIMARY KEY (tenant, group_hash),
  KEY alert_group_due (next_flush_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
