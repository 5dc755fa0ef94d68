package io.sluice.platform.tenant;

/**
 * What is known about a stored API key, without the key itself.
 *
 * @param id key id
 * @param tenantId the tenant the key authenticates as
 * @param name what the key is for, e.g. {@code checkout agents}
 * @param prefix the key's first characters, to tell keys apart
 * @param createdAtMillis creation time, epoch milliseconds
 * @param revokedAtMillis revocation time, epoch milliseconds; {@code null} while the key is valid
 */
public record ApiKeyInfo(long id, String tenantId, String name, String prefix, long createdAtMillis, Long revokedAtMillis) {

    /** Whether the key has been revoked. */
    public boolean revoked() {
        return revokedAtMillis != null;
    }
}
