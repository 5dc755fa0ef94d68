package io.sluice.alert;

import io.sluice.platform.tenant.IssuedApiKey;
import io.sluice.platform.tenant.TenantAdmin;
import io.sluice.platform.tenant.TenantStore;
import java.time.Duration;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * API keys for the alert API's tests: a fresh key of a tenant (created when missing) in the
 * application's own tenant store, and HTTP clients that send one, as every alert API call must.
 */
public final class TenantKeys {

    private TenantKeys() {
    }

    /** A new valid key of {@code tenant}, which is created when missing. */
    public static String keyOf(ApplicationContext context, String tenant) {
        TenantStore store = context.getBean(TenantStore.class);
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        return store.ensureTenant(tenant, tenant).then(admin.createKey(tenant, "test")).map(IssuedApiKey::key)
                .block(Duration.ofSeconds(60));
    }

    /** A client of the HTTP server on {@code port} sending {@code key} as a Bearer token (none when null). */
    public static WebTestClient client(int port, String key) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60));
        if (key != null) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        }
        return builder.build();
    }

    /** A client of {@code tenant}'s (a new key) for the HTTP server on {@code port}. */
    public static WebTestClient client(ApplicationContext context, int port, String tenant) {
        return client(port, keyOf(context, tenant));
    }
}
