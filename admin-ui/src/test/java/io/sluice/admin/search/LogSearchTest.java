package io.sluice.admin.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.query.logql.LogQl;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.LogsResult;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.logstore.engine.MetricResult;
import io.sluice.logstore.engine.QueryLimitException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** How a failing query engine reaches the console: a refusal as a mistake in the query, anything else as one exception with a message for the user. */
class LogSearchTest {

    private static final SearchCriteria CRITERIA = new SearchCriteria("{}", LogQl.parseLogQuery("{}"), 0, 1_000, 10);

    /** An engine whose every query fails with {@code failure}. */
    private static LogQueryEngine failing(Supplier<RuntimeException> failure) {
        return new LogQueryEngine() {
            @Override
            public Mono<LogsResult> logs(LogsRequest request) {
                return Mono.error(failure.get());
            }

            @Override
            public Mono<MetricResult> metric(MetricRequest request) {
                return Mono.error(failure.get());
            }

            @Override
            public Mono<List<String>> labels(String tenant, long fromNanos, long toNanos) {
                return Mono.error(failure.get());
            }

            @Override
            public Mono<List<String>> labelValues(String tenant, String label, long fromNanos, long toNanos) {
                return Mono.error(failure.get());
            }

            @Override
            public Mono<List<Map<String, String>>> series(String tenant, List<String> match, long fromNanos, long toNanos) {
                return Mono.error(failure.get());
            }
        };
    }

    @Test
    void aStorageErrorBecomesArchiveUnavailableWithTheCause() {
        LogSearch search = new LogSearch(failing(() -> new IllegalStateException("wrapper", new RuntimeException("Unknown database 't_x'"))));
        StepVerifier.create(search.search("default", CRITERIA))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ArchiveUnavailableException.class);
                    assertThat(e.getMessage()).isEqualTo("the archive could not be searched: Unknown database 't_x'");
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aQueryOverTheEnginesBoundsIsAMistakeInTheQuery() {
        LogSearch search = new LogSearch(failing(() -> new QueryLimitException("the query would read more than 1 MiB")));
        StepVerifier.create(search.search("default", CRITERIA))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(SearchInputException.class);
                    assertThat(((SearchInputException) e).parameter()).isEqualTo("query");
                    assertThat(e.getMessage()).contains("1 MiB");
                })
                .verify(Duration.ofSeconds(10));
    }
}
