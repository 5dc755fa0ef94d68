package io.sluice.standalone;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the all-in-one launcher's embedded servers, used only when no external Redis or
 * MySQL is configured.
 *
 * @param dataDir where the embedded Redis and MariaDB keep their data (env {@code SLUICE_DATA_DIR})
 * @param embeddedRedisPort loopback port of the embedded Redis
 * @param embeddedMysqlPort loopback port of the embedded MariaDB
 */
@ConfigurationProperties("sluice.standalone")
public record StandaloneProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("16379") int embeddedRedisPort,
        @DefaultValue("13306") int embeddedMysqlPort) {
}
