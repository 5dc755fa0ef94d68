package io.sluice.platform.tenant;

import java.util.regex.Pattern;

/**
 * What a tenant id may look like: a slug of 1 to 64 lower-case letters, digits, {@code -} and
 * {@code _}, starting with a letter or digit. Tenant ids end up in Redis key names and URLs, so
 * they never hold spaces, colons or upper case.
 */
public final class TenantIds {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private TenantIds() {
    }

    /** Whether {@code id} is a valid tenant id. */
    public static boolean isValid(String id) {
        return id != null && SLUG.matcher(id).matches();
    }

    /** {@code id}, or an {@link IllegalArgumentException} saying what a tenant id may be. */
    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("tenant id '" + id + "' is not valid: use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        return id;
    }
}
