package io.sluice.admin.patterns;

import io.sluice.logstore.template.TemplateReader;
import io.sluice.platform.tenant.RequestTenants;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The patterns API's beans; the reader comes from log-store's template store. */
@Configuration(proxyBeanMethods = false)
public class PatternsConfiguration {

    @Bean
    PatternsApiController sluiceAdminPatternsApiController(TemplateReader reader, RequestTenants tenants) {
        return new PatternsApiController(reader, tenants, Clock.systemUTC());
    }
}
