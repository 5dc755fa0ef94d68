-- One row per event (walking-skeleton layout; the chunked, compressed layout is issue 5).
-- (tenant, event_id) is the primary key so that a redelivered event is an INSERT IGNORE no-op.
-- message is utf8mb4_bin so that line filters (LOCATE, REGEXP) are case-sensitive as in LogQL.
CREATE TABLE log_event (
    tenant     VARCHAR(64)  NOT NULL,
    event_id   CHAR(32)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ts_nanos   BIGINT       NOT NULL,
    service    VARCHAR(128) NOT NULL DEFAULT '',
    host       VARCHAR(255) NOT NULL DEFAULT '',
    level      VARCHAR(8)   NOT NULL DEFAULT '',
    message    MEDIUMTEXT   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    attributes JSON         NULL,
    fields     JSON         NULL,
    PRIMARY KEY (tenant, event_id),
    KEY idx_log_event_tenant_ts (tenant, ts_nanos),
    KEY idx_log_event_tenant_service_ts (tenant, service, ts_nanos)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
