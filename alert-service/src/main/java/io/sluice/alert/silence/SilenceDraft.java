package io.sluice.alert.silence;

import java.util.List;

/**
 * A validated silence, not stored yet.
 *
 * @param tenant the tenant
 * @param matchers matchers in their canonical text form
 * @param startsAt epoch milliseconds
 * @param endsAt epoch milliseconds, after {@code startsAt}
 * @param createdBy who
 * @param comment why
 */
public record SilenceDraft(String tenant, List<String> matchers, long startsAt, long endsAt, String createdBy, String comment) {
}
