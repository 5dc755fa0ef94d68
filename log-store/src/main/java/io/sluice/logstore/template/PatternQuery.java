package io.sluice.logstore.template;

import java.util.Objects;

/**
 * Which templates {@link TemplateReader#list} returns.
 *
 * @param tenant the tenant (always required: templates never cross tenants)
 * @param service only this service's templates; {@code null} for every service
 * @param fromNanos only templates whose last line is at or after this time
 * @param toNanos only templates whose first line is at or before this time
 * @param text only templates whose text contains this (case-sensitive); {@code null} for all
 * @param limit most templates returned, most frequent first
 */
public record PatternQuery(String tenant, String service, long fromNanos, long toNanos, String text, int limit) {

    public PatternQuery {
        Objects.requireNonNull(tenant, "tenant");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (fromNanos > toNanos) {
            throw new IllegalArgumentException("from is after to");
        }
    }
}
