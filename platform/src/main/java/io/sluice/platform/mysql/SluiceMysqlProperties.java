package io.sluice.platform.mysql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Sluice's MySQL (or MariaDB) is.
 *
 * @param url {@code mysql://user[:password]@host:port/database} (env {@code SLUICE_MYSQL_URL}); the
 *     database is created on start-up when it does not exist
 * @param poolSize maximum number of pooled R2DBC connections per service
 */
@ConfigurationProperties("sluice.mysql")
public record SluiceMysqlProperties(
        @DefaultValue("mysql://root@127.0.0.1:3306/sluice") String url,
        @DefaultValue("8") int poolSize) {

    /** The parsed URL. */
    public MysqlUrl parsed() {
        return MysqlUrl.parse(url);
    }
}
