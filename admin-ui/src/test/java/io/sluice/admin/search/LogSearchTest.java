package io.sluice.admin.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.sluice.common.query.LogQuery;
import io.sluice.logstore.query.ArchiveSearch;
import io.sluice.logstore.schema.ArchiveSchema;
import io.sluice.platform.mysql.MysqlUrl;
import io.sluice.platform.mysql.SchemaMigrator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** How a failing archive reaches the console: as one exception with a message for the user. */
class LogSearchTest {

    @Test
    void aDatabaseErrorBecomesArchiveUnavailableWithTheCause() {
        MysqlUrl missing = MysqlUrl.parse("mysql://root@127.0.0.1:3306/t_admin_missing_" + System.nanoTime());
        DatabaseClient db = DatabaseClient.create(MySqlConnectionFactory.from(MySqlConnectionConfiguration.builder()
                .host(missing.host()).port(missing.port()).user(missing.user()).database(missing.database())
                .connectTimeout(Duration.ofSeconds(5)).build()));
        ArchiveSearch archive = new ArchiveSearch(db, new ArchiveSchema(new SchemaMigrator(missing)), Duration.ofSeconds(5));
        LogSearch search = new LogSearch(archive, SearchCriteriaParserTest.properties(10000, 100, Duration.ofHours(1)));

        StepVerifier.create(search.search(new SearchCriteria("{}", LogQuery.parse("{}"), 0, 1, 10)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ArchiveUnavailableException.class);
                    assertThat(e.getMessage()).startsWith("the archive could not be searched: ").contains(missing.database());
                })
                .verify(Duration.ofSeconds(30));
    }
}
