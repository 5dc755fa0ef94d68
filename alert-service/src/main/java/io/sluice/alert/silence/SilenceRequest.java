package io.sluice.alert.silence;

import java.util.List;

/**
 * The JSON body of {@code POST /api/v1/alert/silences}, as received; checked by
 * {@link SilenceValidator}.
 *
 * @param tenant the API key's tenant, which it may name (another tenant: 403)
 * @param matchers required, at least one, and not all matching the empty string
 * @param startsAt epoch milliseconds; defaults to now
 * @param endsAt epoch milliseconds, after {@code startsAt}; or give {@code duration}
 * @param duration e.g. {@code 2h}, from {@code startsAt}; used when {@code endsAt} is missing
 * @param createdBy required
 * @param comment required
 */
public record SilenceRequest(String tenant, List<String> matchers, Long startsAt, Long endsAt, String duration, String createdBy,
        String comment) {

    /** This request for {@code tenant} (the API key's), whatever it named. */
    public SilenceRequest withTenant(String tenant) {
        return new SilenceRequest(tenant, matchers, startsAt, endsAt, duration, createdBy, comment);
    }
}
