package io.sluice.admin;

import io.sluice.admin.loki.LokiConfiguration;
import io.sluice.admin.overview.AnalyticsClient;
import io.sluice.admin.overview.OverviewController;
import io.sluice.admin.patterns.PatternsConfiguration;
import io.sluice.admin.search.LogSearch;
import io.sluice.admin.search.SearchApiController;
import io.sluice.admin.search.SearchCriteriaParser;
import io.sluice.admin.search.SearchPageController;
import io.sluice.admin.web.ConsoleHeadersFilter;
import io.sluice.logstore.LogStoreConfiguration;
import io.sluice.logstore.engine.EngineProperties;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.platform.tenant.RequestTenants;
import io.sluice.platform.tenant.TenancyConfiguration;
import io.sluice.platform.tenant.TenancyProperties;
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
 * The console (overview and search pages) and the search API, over the log-store archive. The API
 * answers for the tenant of each request's API key; the pages show the bootstrap tenant. Imported
 * by {@link AdminApplication} and by the standalone; switched off with {@code sluice.admin.enabled=false}.
 * Thymeleaf and static resources come from Spring Boot's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.admin.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AdminProperties.class)
@Import({LogStoreConfiguration.class, TenancyConfiguration.class, LokiConfiguration.class, PatternsConfiguration.class})
public class AdminConfiguration {

    /** Paths of the console's HTML pages, which get the security headers. */
    static final Set<String> CONSOLE_PAGES = Set.of("/", "/search");

    @Bean
    SearchCriteriaParser sluiceAdminSearchCriteriaParser(AdminProperties properties, ObjectProvider<EngineProperties> engine) {
        return new SearchCriteriaParser(properties, engine.getIfAvailable(EngineProperties::defaults).maxLines());
    }

    @Bean
    LogSearch sluiceAdminLogSearch(LogQueryEngine engine) {
        return new LogSearch(engine);
    }

    @Bean
    AnalyticsClient sluiceAdminAnalyticsClient(ObjectProvider<WebClient.Builder> builders, AdminProperties properties,
            TenancyProperties tenancy) {
        return new AnalyticsClient(builders.getIfAvailable(WebClient::builder), properties.analyticsUrl(), properties.analyticsTimeout(),
                tenancy.bootstrapApiKey());
    }

    @Bean
    ConsoleHeadersFilter sluiceAdminConsoleHeadersFilter() {
        return new ConsoleHeadersFilter(CONSOLE_PAGES);
    }

    @Bean
    SearchApiController sluiceAdminSearchApiController(SearchCriteriaParser parser, LogSearch search, RequestTenants tenants) {
        return new SearchApiController(parser, search, tenants, Clock.systemUTC());
    }

    @Bean
    SearchPageController sluiceAdminSearchPageController(SearchCriteriaParser parser, LogSearch search, AdminProperties properties,
            TenancyProperties tenancy) {
        return new SearchPageController(parser, search, properties, tenancy.bootstrapTenant(), Clock.systemUTC());
    }

    @Bean
    OverviewController sluiceAdminOverviewController(AnalyticsClient analytics, AdminProperties properties, TenancyProperties tenancy) {
        return new OverviewController(analytics, properties, tenancy.bootstrapTenant(), Clock.systemUTC());
    }
}
