package io.sluice.platform.tenant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenants, API keys and how key lookups are cached.
 *
 * @param bootstrapApiKey a key made valid for {@code bootstrapTenant} at start-up (env
 *     {@code SLUICE_BOOTSTRAP_API_KEY} is read when this is not set); for scripted set-ups and
 *     tests. Should be long and random: keys are stored as a fast SHA-256 hash
 * @param bootstrapTenant the tenant the bootstrap key belongs to, created when missing; also the
 *     tenant the console pages show until users can sign in
 * @param cacheSize most key lookups kept in each process's cache
 * @param cacheTtl how long a key found valid is trusted without asking MySQL again (revocation
 *     reaches every process at once through Redis; this is the bound when a message is lost)
 * @param missTtl how long a key found unknown is remembered, so a client retrying with a bad key
 *     does not query MySQL on every request
 * @param lookupTimeout longest a key lookup waits for MySQL before the request is answered
 *     "unavailable" (503 / UNAVAILABLE) instead of hanging
 */
@ConfigurationProperties("sluice.tenancy")
public record TenancyProperties(
        String bootstrapApiKey,
        @DefaultValue("default") String bootstrapTenant,
        @DefaultValue("10000") long cacheSize,
        @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("5s") Duration missTtl,
        @DefaultValue("10s") Duration lookupTimeout) {

    /** Environment variable naming the bootstrap key, read when the property is not set. */
    public static final String BOOTSTRAP_KEY_ENV = "SLUICE_BOOTSTRAP_API_KEY";

    public TenancyProperties {
        if (bootstrapApiKey == null || bootstrapApiKey.isBlank()) {
            String env = System.getenv(BOOTSTRAP_KEY_ENV);
            bootstrapApiKey = env == null || env.isBlank() ? null : env.strip();
        } else {
            bootstrapApiKey = bootstrapApiKey.strip();
        }
        TenantIds.requireValid(bootstrapTenant);
    }
}
