package io.sluice.platform.tenant;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;

/**
 * Where HTTP clients put their API key and tenant, read the same way by every input and API:
 * {@code Authorization: Bearer <key>}, {@code Authorization: Basic base64(user:<key>)} (Loki and
 * Elasticsearch clients; the user name is ignored), {@code Authorization: ApiKey base64(id:<key>)}
 * (Elasticsearch API keys; the id is ignored) or {@code X-Sluice-Api-Key: <key>}; optionally
 * {@code X-Sluice-Tenant: <tenant>}, which must then be the key's tenant.
 */
public final class ApiKeyHeaders {

    /** Header carrying a bare API key. */
    public static final String API_KEY = "X-Sluice-Api-Key";

    /** Header naming the tenant a request means to act as (must match the key's tenant). */
    public static final String TENANT = "X-Sluice-Tenant";

    /** Message for a request without a key. */
    public static final String MISSING = "no API key: send 'Authorization: Bearer <key>' (HTTP header or gRPC metadata)";

    /** Message for a key no tenant owns. */
    public static final String UNKNOWN = "the API key is not valid (unknown or revoked)";

    /** Message for a request naming a tenant other than its key's. */
    public static final String OTHER_TENANT = "key belongs to another tenant";

    /** Value of {@code WWW-Authenticate} on 401 answers. */
    public static final String CHALLENGE = "Bearer realm=\"sluice\"";

    private ApiKeyHeaders() {
    }

    /** The API key in {@code headers}, or null when there is none. */
    public static String apiKey(HttpHeaders headers) {
        String bare = headers.getFirst(API_KEY);
        if (bare != null && !bare.isBlank()) {
            return bare.strip();
        }
        return fromAuthorization(headers.getFirst(HttpHeaders.AUTHORIZATION));
    }

    /** The tenant named in {@code headers}, or null when none is. */
    public static String requestedTenant(HttpHeaders headers) {
        String tenant = headers.getFirst(TENANT);
        return tenant == null || tenant.isBlank() ? null : tenant.strip();
    }

    /** The key in an {@code Authorization} value (Bearer, Basic or ApiKey scheme), or null. */
    public static String fromAuthorization(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space);
        String credentials = value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials.isEmpty() ? null : credentials;
        }
        if (scheme.equalsIgnoreCase("Basic") || scheme.equalsIgnoreCase("ApiKey")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            String key = colon < 0 ? decoded : decoded.substring(colon + 1);
            return key.isBlank() ? null : key;
        }
        return null;
    }
}
