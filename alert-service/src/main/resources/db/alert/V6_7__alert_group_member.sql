-- Which alerts joined which aggregation group (issue 6, flusher speed): a flush reads only its
-- group's alerts through this table instead of every alert of the tenant. Written when an alert
-- fires into a group (before the group row, so a flush never sees a group without its member);
-- a link is deleted with its alert when the alert is purged. Links of deleted groups or of alerts
-- a new routing tree moved elsewhere are left in place: a flush re-checks the group key and route,
-- so a stale link only costs a row read.
CREATE TABLE alert_group_member (
  tenant      VARCHAR(64) NOT NULL,
  group_hash  CHAR(64)    NOT NULL,
  fingerprint CHAR(16)    NOT NULL,
  PRIMARY KEY (tenant, group_hash, fingerprint),
  KEY alert_group_member_alert (tenant, fingerprint)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
