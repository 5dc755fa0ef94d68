-- Notification channels and the notification history (alert-service, io.sluice.alert.channel).
-- Versioned 6.2 (issue 6, channels) so that it does not clash with other issue-6 migrations.
-- Times are epoch milliseconds.
CREATE TABLE alert_channel (
  id         BIGINT        NOT NULL AUTO_INCREMENT,
  tenant     VARCHAR(64)   NOT NULL,
  name       VARCHAR(200)  NOT NULL,
  type       VARCHAR(16)   NOT NULL,
  settings   TEXT          NOT NULL,
  template   TEXT          NULL,
  created_at BIGINT        NOT NULL,
  updated_at BIGINT        NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY alert_channel_name (tenant, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per notification handed to the dispatcher, written before the first attempt (PENDING),
-- so that none is lost silently; SENT or FAILED (with the last error) once final. payload is the
-- notification as Alertmanager's JSON, from which a PENDING one is resumed after a crash.
CREATE TABLE alert_notification (
  id           BIGINT        NOT NULL AUTO_INCREMENT,
  tenant       VARCHAR(64)   NOT NULL,
  channel_id   BIGINT        NULL,
  channel_name VARCHAR(200)  NOT NULL,
  channel_type VARCHAR(16)   NULL,
  status       VARCHAR(16)   NOT NULL,
  group_status VARCHAR(16)   NOT NULL,
  group_key    VARCHAR(1000) NOT NULL,
  alert_count  INT           NOT NULL,
  test         BOOLEAN       NOT NULL DEFAULT FALSE,
  attempts     INT           NOT NULL DEFAULT 0,
  last_error   TEXT          NULL,
  payload      MEDIUMTEXT    NOT NULL,
  created_at   BIGINT        NOT NULL,
  finished_at  BIGINT        NULL,
  -- while PENDING: until when the instance delivering it holds it; past that, another takes over
  claimed_until BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY alert_notification_tenant (tenant, created_at),
  KEY alert_notification_channel (tenant, channel_name, created_at),
  KEY alert_notification_status (status, created_at),
  KEY alert_notification_claim (status, claimed_until)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every delivery attempt of a notification, with its outcome.
CREATE TABLE alert_notification_attempt (
  id              BIGINT       NOT NULL AUTO_INCREMENT,
  notification_id BIGINT       NOT NULL,
  attempt         INT          NOT NULL,
  started_at      BIGINT       NOT NULL,
  duration_ms     BIGINT       NOT NULL,
  ok              BOOLEAN      NOT NULL,
  retryable       BOOLEAN      NOT NULL,
  error           TEXT         NULL,
  PRIMARY KEY (id),
  KEY alert_notification_attempt_of (notification_id, attempt)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
