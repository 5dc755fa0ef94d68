package io.sluice.admin.loki;

import io.sluice.admin.AdminProperties;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.platform.tenant.RequestTenants;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Loki-compatible query API ({@code /loki/api/v1/*}) of admin-ui, imported by
 * {@code AdminConfiguration}. The engine is looked up per request, so the API answers 503 rather
 * than failing start-up in a process without log-store's query engine.
 */
@Configuration(proxyBeanMethods = false)
public class LokiConfiguration {

    @Bean
    LokiApiController sluiceLokiApiController(ObjectProvider<LogQueryEngine> engines, RequestTenants tenants, AdminProperties properties) {
        return new LokiApiController(engines, tenants, properties, Clock.systemUTC());
    }

    @Bean
    LokiErrors sluiceLokiErrors() {
        return new LokiErrors();
    }
}
