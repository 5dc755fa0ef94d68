-- Rule kinds (count, metric, absence, anomaly), `for` with a PENDING state, severity, labels and
-- annotations (issue 6). JSON columns hold string maps; times are epoch milliseconds.
ALTER TABLE alert_rule
  ADD COLUMN kind           VARCHAR(16) NOT NULL DEFAULT 'count' AFTER name,
  ADD COLUMN match_query    TEXT        NULL AFTER query,
  ADD COLUMN for_seconds    INT         NOT NULL DEFAULT 0 AFTER window_seconds,
  ADD COLUMN severity       VARCHAR(16) NOT NULL DEFAULT 'warning' AFTER for_seconds,
  ADD COLUMN labels         TEXT        NULL AFTER severity,
  ADD COLUMN annotations    TEXT        NULL AFTER labels,
  ADD COLUMN anomaly_filter TEXT        NULL AFTER annotations,
  ADD COLUMN defined_at     BIGINT      NOT NULL DEFAULT 0;

UPDATE alert_rule SET match_query = query, defined_at = created_at;

ALTER TABLE alert_firing
  ADD COLUMN observed_value DOUBLE NULL AFTER observed_count;
