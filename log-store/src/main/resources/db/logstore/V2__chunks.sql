-- The chunked archive (issue 5): compressed column chunks plus a small index row each.
-- See docs/ARCHITECTURE.md "Archive layout".

-- One row per stream: tenant + stream labels. stream_id is a 63-bit hash of the three values, so
-- writers know it without a round trip; the unique key is there to detect the (2^-63) collision.
CREATE TABLE log_stream (
    stream_id BIGINT       NOT NULL PRIMARY KEY,
    tenant    VARCHAR(64)  NOT NULL,
    service   VARCHAR(128) NOT NULL DEFAULT '',
    host      VARCHAR(255) NOT NULL DEFAULT '',
    UNIQUE KEY uq_log_stream (tenant, service, host)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Retention classes known to this shard; class_id is the high part of log_chunk.part.
CREATE TABLE log_retention_class (
    class_id SMALLINT    NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name     VARCHAR(64) NOT NULL,
    UNIQUE KEY uq_log_retention_class (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per chunk: the index columns, the bloom and the compressed data.
-- part = class_id * 100000 + epoch day of the chunk's events: each (retention class, day) is its
-- own LIST partition, so retention is ALTER TABLE ... DROP PARTITION (no DELETE, no purge work).
-- Partitions are added ahead by the retention job and on demand by the writer.
-- level_counts: "LEVEL:count" pairs separated by ',' (rare levels past 1000 characters summed
-- under "*"); templates: ascending 8-byte big-endian ids.
CREATE TABLE log_chunk (
    chunk_id     BIGINT       NOT NULL AUTO_INCREMENT,
    part         INT          NOT NULL,
    tenant       VARCHAR(64)  NOT NULL,
    stream_id    BIGINT       NOT NULL,
    min_ts       BIGINT       NOT NULL,
    max_ts       BIGINT       NOT NULL,
    events       INT          NOT NULL,
    level_counts VARCHAR(1024) NOT NULL,
    raw_bytes    INT          NOT NULL,
    stored_bytes INT          NOT NULL,
    codec        TINYINT      NOT NULL,
    templates    MEDIUMBLOB   NOT NULL,
    bloom        MEDIUMBLOB   NOT NULL,
    data         MEDIUMBLOB   NOT NULL,
    PRIMARY KEY (chunk_id, part),
    KEY idx_log_chunk_tenant_ts (tenant, min_ts)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
  PARTITION BY LIST (part) (PARTITION p0 VALUES IN (0));

-- Idempotency: one row per archived buffer entry (StreamBatch.uniqueId), inserted in the same
-- transaction as the entry's chunks. txn identifies the transaction that won the entry.
CREATE TABLE log_entry_marker (
    entry_key  VARCHAR(255) NOT NULL PRIMARY KEY,
    txn        BIGINT       NOT NULL,
    created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY idx_log_entry_marker_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
