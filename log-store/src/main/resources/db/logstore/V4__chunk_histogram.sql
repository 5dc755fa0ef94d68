-- Per-chunk histogram (issue 5, compaction): events per (minute, level) of the chunk, so a chunk may
-- span more than one minute while 1-minute-step counts by level stay exact from index rows alone.
-- Format: io.sluice.logstore.chunk.MinuteHistogram. NULL on rows written before this migration;
-- readers then fall back to level_counts (exact for those rows: they never span more than their slice).
ALTER TABLE log_chunk ADD COLUMN histogram MEDIUMBLOB NULL AFTER level_counts;
