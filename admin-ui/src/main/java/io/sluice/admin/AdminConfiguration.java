package io.sluice.admin;

import io.sluice.admin.loki.LokiConfiguration;
import io.sluice.admin.overview.AnalyticsClient;
import io.sluice.admin.overview.OverviewController;
import io.sluice.admin.patterns.PatternsConfiguration;
import io.sluice.admin.search.LogSearch;
import io.sluice.admin.search.SearchApiController;
import io.sluice.admin.search.SearchCriteriaParser;
import io.sluice.admin.search.SearchPageController;
import io.sluice.admin.session.ConsoleSessionFilter;
import io.sluice.admin.session.LoginController;
import io.sluice.admin.session.SessionCookie;
import io.sluice.admin.session.SessionProperties;
import io.sluice.admin.session.SessionTokens;
import io.sluice.admin.web.ConsoleHeadersFilter;
import io.sluice.logstore.LogStoreConfiguration;
import io.sluice.logstore.engine.EngineProperties;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.platform.tenant.ApiKeyLookup;
import io.sluice.platform.tenant.RequestTenants;
import io.sluice.platform.tenant.TenancyConfiguration;
import java.nio.charset.StandardCharsets;
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
 * answers for the tenant of each request's API key; the pages for the tenant of the key the browser
 * signed in with ({@code /login}, {@link ConsoleSessionFilter}). Imported
 * by {@link AdminApplication} and by the standalone; switched off with {@code sluice.admin.enabled=false}.
 * Thymeleaf and static resources come from Spring Boot's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sluice.admin.enabled", matchIfMissing = true)
@EnableConfigurationProperties({AdminProperties.class, SessionProperties.class})
@Import({LogStoreConfiguration.class, TenancyConfiguration.class, LokiConfiguration.class, PatternsConfiguration.class})
public class AdminConfiguration {

    /** Paths of the console's HTML pages that need a signed-in session. */
    static final Set<String> CONSOLE_PAGES = Set.of("/", "/search");

    /** Paths of every console HTML page, which get the security headers. */
    static final Set<String> HEADER_PAGES = Set.of("/", "/search", LoginController.PATH);

    @Bean
    SearchCriteriaParser sluiceAdminSearchCriteriaParser(AdminProperties properties, ObjectProvider<EngineProperties> engine) {
        return new SearchCriteriaParser(properties, engine.getIfAvailable(EngineProperties::defaults).maxLines());
    }

    @Bean
    LogSearch sluiceAdminLogSearch(LogQueryEngine engine) {
        return new LogSearch(engine);
    }

    @Bean
    AnalyticsClient sluiceAdminAnalyticsClient(ObjectProvider<WebClient.Builder> builders, AdminProperties properties) {
        return new AnalyticsClient(builders.getIfAvailable(WebClient::builder), properties.analyticsUrl(), properties.analyticsTimeout());
    }

    @Bean
    ConsoleHeadersFilter sluiceAdminConsoleHeadersFilter() {
        return new ConsoleHeadersFilter(HEADER_PAGES);
    }

    @Bean
    SessionCookie sluiceAdminSessionCookie(SessionProperties session) {
        SessionTokens tokens = session.secret() == null || session.secret().isBlank()
                ? SessionTokens.withRandomSecret(session.maxAge(), Clock.systemUTC())
                : new SessionTokens(session.secret().getBytes(StandardCharsets.UTF_8), session.maxAge(), Clock.systemUTC());
        return new SessionCookie(tokens, session.secureCookie());
    }

    @Bean
    ConsoleSessionFilter sluiceAdminConsoleSessionFilter(SessionCookie cookie, ApiKeyLookup lookup) {
        return new ConsoleSessionFilter(CONSOLE_PAGES, cookie, lookup);
    }

    @Bean
    LoginController sluiceAdminLoginController(ApiKeyLookup lookup, SessionCookie cookie) {
        return new LoginController(lookup, cookie);
    }

    @Bean
    SearchApiController sluiceAdminSearchApiController(SearchCriteriaParser parser, LogSearch search, RequestTenants tenants) {
        return new SearchApiController(parser, search, tenants, Clock.systemUTC());
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
