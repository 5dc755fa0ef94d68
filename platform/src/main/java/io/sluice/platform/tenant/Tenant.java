package io.sluice.platform.tenant;

/**
 * A tenant: the unit whose events are stored, counted and searched apart from every other's.
 *
 * @param id slug (see {@link TenantIds}), e.g. {@code default}
 * @param name display name
 * @param createdAtMillis creation time, epoch milliseconds
 */
public record Tenant(String id, String name, long createdAtMillis) {
}
