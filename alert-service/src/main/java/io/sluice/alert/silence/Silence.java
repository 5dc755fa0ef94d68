package io.sluice.alert.silence;

import io.sluice.alert.route.Matcher;
import java.util.List;
import java.util.Map;

/**
 * A silence: alerts whose labels satisfy all {@code matchers} are not notified between
 * {@code startsAt} (inclusive) and {@code endsAt} (exclusive). Expiring a silence early sets
 * {@code endsAt} to now; silences are never deleted, so they remain as history. Times are epoch
 * milliseconds. Also the JSON form of {@code /api/v1/alert/silences}.
 *
 * @param id database id
 * @param tenant the tenant whose alerts it mutes
 * @param matchers what a muted alert satisfies (Alertmanager text form)
 * @param startsAt when it starts muting
 * @param endsAt when it stops muting
 * @param createdBy who created it
 * @param comment why
 * @param createdAt when it was created
 * @param updatedAt when it was last changed (created or expired)
 * @param state its state at the time it was read
 */
public record Silence(long id, String tenant, List<String> matchers, long startsAt, long endsAt, String createdBy, String comment,
        long createdAt, long updatedAt, SilenceState state) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    /** Where a silence stands at {@code now}. */
    public static SilenceState stateAt(long startsAt, long endsAt, long now) {
        if (now >= endsAt) {
            return SilenceState.EXPIRED;
        }
        return now < startsAt ? SilenceState.PENDING : SilenceState.ACTIVE;
    }

    /** Whether it mutes an alert with {@code labels} at {@code now}. */
    public boolean mutes(Map<String, String> labels, long now) {
        return stateAt(startsAt, endsAt, now) == SilenceState.ACTIVE && Matcher.all(parsedMatchers(), labels);
    }

    /** The matchers, parsed (they were validated when the silence was created). */
    public List<Matcher> parsedMatchers() {
        return matchers.stream().map(Matcher::parse).toList();
    }
}
