-- Alert rules and their firings (alert-service). Times are epoch milliseconds.
CREATE TABLE alert_rule (
  id               BIGINT        NOT NULL AUTO_INCREMENT,
  tenant           VARCHAR(64)   NOT NULL,
  name             VARCHAR(200)  NOT NULL,
  query            TEXT          NOT NULL,
  threshold        BIGINT        NOT NULL,
  window_seconds   INT           NOT NULL,
  webhook_url      VARCHAR(2000) NOT NULL,
  enabled          BOOLEAN       NOT NULL DEFAULT TRUE,
  state            VARCHAR(16)   NOT NULL DEFAULT 'OK',
  state_changed_at BIGINT        NOT NULL,
  created_at       BIGINT        NOT NULL,
  PRIMARY KEY (id),
  KEY alert_rule_tenant (tenant),
  KEY alert_rule_enabled (enabled)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE alert_firing (
  id              BIGINT      NOT NULL AUTO_INCREMENT,
  rule_id         BIGINT      NOT NULL,
  tenant          VARCHAR(64) NOT NULL,
  fired_at        BIGINT      NOT NULL,
  observed_count  BIGINT      NOT NULL,
  threshold       BIGINT      NOT NULL,
  window_seconds  INT         NOT NULL,
  notify_status   VARCHAR(16) NOT NULL DEFAULT 'PENDING',
  notify_attempts INT         NOT NULL DEFAULT 0,
  notify_error    TEXT        NULL,
  notified_at     BIGINT      NULL,
  PRIMARY KEY (id),
  KEY alert_firing_rule (rule_id, fired_at),
  KEY alert_firing_time (fired_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
