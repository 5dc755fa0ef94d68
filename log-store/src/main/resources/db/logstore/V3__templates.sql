-- Templates mined by the pipeline (one miner per tenant and service), with approximate counts and the
-- event time (nanoseconds since the epoch) of their first and last line. template_id is the miner's id:
-- a 64-bit content hash of the template's first text, so every pipeline instance derives the same id.
-- Rows are upserted about once a second: count = count + delta, first/last seen widened.
CREATE TABLE log_template (
    tenant      VARCHAR(64)  NOT NULL,
    service     VARCHAR(128) NOT NULL DEFAULT '',
    template_id BIGINT       NOT NULL,
    template    TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    count       BIGINT       NOT NULL,
    first_seen  BIGINT       NOT NULL,
    last_seen   BIGINT       NOT NULL,
    PRIMARY KEY (tenant, service, template_id),
    KEY idx_log_template_tenant_count (tenant, count)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Templates a miner merged into another (from_id became a variable-position sibling of into_id). Events
-- archived under from_id belong to into_id: readers resolve ids through this table (following chains).
CREATE TABLE log_template_alias (
    tenant  VARCHAR(64)  NOT NULL,
    service VARCHAR(128) NOT NULL DEFAULT '',
    from_id BIGINT       NOT NULL,
    into_id BIGINT       NOT NULL,
    PRIMARY KEY (tenant, service, from_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
