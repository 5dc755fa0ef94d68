package io.sluice.platform.tenant;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * At start-up, when a bootstrap key is configured ({@code sluice.tenancy.bootstrap-api-key} or env
 * {@code SLUICE_BOOTSTRAP_API_KEY}), makes sure the bootstrap tenant exists and the key is valid
 * for it. Idempotent, so every instance may do it. Blocking, on the start-up thread only. A key
 * that was revoked stays revoked (with a warning), and a key stored for another tenant stops the
 * start with an error.
 */
public class BootstrapTenant implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(BootstrapTenant.class);
    private static final int SHORT_KEY = 20;

    private final TenantStore store;
    private final TenancyProperties properties;
    private final KeyInvalidations invalidations;

    /** Bootstraps into {@code store} as {@code properties} say. */
    public BootstrapTenant(TenantStore store, TenancyProperties properties, KeyInvalidations invalidations) {
        this.store = store;
        this.properties = properties;
        this.invalidations = invalidations;
    }

    @Override
    public void afterPropertiesSet() {
        String key = properties.bootstrapApiKey();
        if (key == null) {
            return;
        }
        String tenant = properties.bootstrapTenant();
        if (key.length() < SHORT_KEY) {
            log.warn("The bootstrap API key is shorter than {} characters; use a long random key (e.g. one Sluice generates) outside tests", SHORT_KEY);
        }
        ApiKeyInfo info = store.ensureTenant(tenant, tenant)
                .then(store.ensureKey(tenant, "bootstrap", key))
                .flatMap(stored -> invalidations.changed(ApiKeyFormat.hashHex(key)).thenReturn(stored))
                .block(Duration.ofSeconds(30));
        if (info != null && info.revoked()) {
            log.warn("The configured bootstrap API key {}… was revoked; it stays refused. Remove it from the configuration.", info.prefix());
        } else if (info != null) {
            log.info("Bootstrap API key {}… is valid for tenant '{}'", info.prefix(), tenant);
        }
    }
}
