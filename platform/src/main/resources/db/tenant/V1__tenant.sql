-- Tenants and their API keys (platform tenancy). Times are epoch milliseconds.
-- Keys are stored as the SHA-256 of the key text only; key_prefix (the first 8 characters) lets
-- people tell their keys apart without the secret.
CREATE TABLE tenant (
  id         VARCHAR(64)  NOT NULL,
  name       VARCHAR(200) NOT NULL,
  created_at BIGINT       NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE api_key (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  tenant_id  VARCHAR(64)  NOT NULL,
  name       VARCHAR(200) NOT NULL,
  key_prefix VARCHAR(8)   NOT NULL,
  key_hash   BINARY(32)   NOT NULL,
  created_at BIGINT       NOT NULL,
  revoked_at BIGINT       NULL,
  PRIMARY KEY (id),
  UNIQUE KEY api_key_hash (key_hash),
  KEY api_key_tenant (tenant_id),
  CONSTRAINT api_key_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
