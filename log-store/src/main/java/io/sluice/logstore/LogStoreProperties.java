package io.sluice.logstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the archive.
 *
 * @param queryTimeout how long one search statement may run on the server before it is aborted
 *     (MariaDB {@code max_statement_time}, MySQL {@code MAX_EXECUTION_TIME}); the client gives up a
 *     second later in any case
 */
@ConfigurationProperties("sluice.logstore")
public record LogStoreProperties(@DefaultValue("10s") Duration queryTimeout) {
}
