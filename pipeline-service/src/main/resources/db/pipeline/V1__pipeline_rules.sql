-- Pipeline rules (pipeline-service): per tenant, applied in (position, id) order to every event.
-- Times are epoch milliseconds.
CREATE TABLE pipeline_rule (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  tenant      VARCHAR(64)  NOT NULL,
  name        VARCHAR(200) NOT NULL,
  position    INT          NOT NULL,
  enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
  match_query TEXT         NOT NULL,
  action      VARCHAR(16)  NOT NULL,
  params      TEXT         NOT NULL,
  created_at  BIGINT       NOT NULL,
  updated_at  BIGINT       NOT NULL,
  PRIMARY KEY (id),
  KEY pipeline_rule_order (tenant, position, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per tenant that ever had a rule: the version of its rule set, raised in the same
-- transaction as every change, so instances can tell whether their compiled copy is current.
CREATE TABLE pipeline_rule_set (
  tenant     VARCHAR(64) NOT NULL,
  version    BIGINT      NOT NULL,
  updated_at BIGINT      NOT NULL,
  PRIMARY KEY (tenant)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
