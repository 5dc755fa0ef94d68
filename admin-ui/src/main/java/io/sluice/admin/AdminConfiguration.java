package io.sluice.admin;

import io.sluice.admin.overview.AnalyticsClient;
import io.sluice.admin.overview.OverviewController;
import io.sluice.admin.search.LogSearch;
import io.sluice.admin.search.SearchApiController;
import io.sluice.admin.search.SearchCriteriaParser;
import io.sluice.admin.search.SearchPageController;
import io.sluice.admin.web.ConsoleHeadersFilter;
import io.sluice.logstore.LogStoreConfiguration;
import io.sluice.logstore.query.ArchiveSearch;
import java.time.Clock;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The console (overview and search pages) and the search API, over the log-store archive. Imported
 * by {@link AdminApplication} and by the standalone; switched off with {@code sluice.admin.enabled=false}.
 * Thymeleaf and static resources come from Spring Boot's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.admin.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AdminProperties.class)
@Import(LogStoreConfiguration.class)
public class AdminConfiguration {

    /** Paths of the console's HTML pages, which get the security headers. */
    static final Set<String> CONSOLE_PAGES = Set.of("/", "/search");

    @Bean
    SearchCriteriaParser sluiceAdminSearchCriteriaParser(AdminProperties properties) {
        return new SearchCriteriaParser(properties);
    }

    @Bean
    LogSearch sluiceAdminLogSearch(ArchiveSearch archive, AdminProperties properties) {
        return new LogSearch(archive, properties);
    }

    @Bean
    AnalyticsClient sluiceAdminAnalyticsClient(ObjectProvider<WebClient.Builder> builders, AdminProperties properties) {
        return new AnalyticsClient(builders.getIfAvailable(WebClient::builder), properties.analyticsUrl(), properties.analyticsTimeout());
    }

    @Bean
    ConsoleHeadersFilter sluiceAdminConsoleHeadersFilter() {
        return new ConsoleHeadersFilter(CONSOLE_PAGES);
    }

    @Bean
    SearchApiController sluiceAdminSearchApiController(SearchCriteriaParser parser, LogSearch search) {
        return new SearchApiController(parser, search, Clock.systemUTC());
    }

    @Bean
    SearchPageController sluiceAdminSearchPageController(SearchCriteriaParser parser, LogSearch search, AdminProperties properties) {
        return new SearchPageController(parser, search, properties, Clock.systemUTC());
    }

    @Bean
    OverviewController sluiceAdminOverviewController(AnalyticsClient analytics, AdminProperties properties) {
        return new OverviewController(analytics, properties, Clock.systemUTC());
    }
}
