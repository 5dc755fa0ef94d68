-- Compaction (issue 5): small chunks of a stream are merged into big ones by io.sluice.logstore.compact.
-- created_at: when the row was written (database clock), so the job leaves chunks alone until writes
--   to their stream and window have settled.
-- superseded_at: set, in the same transaction that inserts the merged chunks, on the chunks they
--   replace. The index query skips superseded rows; a reader that listed one before the swap can still
--   read its data until the job deletes it a grace period later.
ALTER TABLE log_chunk
    ADD COLUMN created_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    ADD COLUMN superseded_at TIMESTAMP(3) NULL DEFAULT NULL,
    ADD KEY idx_log_chunk_compact (superseded_at, raw_bytes);
