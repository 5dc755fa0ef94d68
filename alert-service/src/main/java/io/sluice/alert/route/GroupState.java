package io.sluice.alert.route;

import java.util.Set;

/**
 * What is remembered about one aggregation group between flushes (Alertmanager's group timer
 * plus its notification log entry). Times are epoch milliseconds.
 *
 * @param nextFlushAt when the group is next looked at
 * @param lastNotifiedAt when its last notification was sent, or null before the first
 * @param lastFiring fingerprints of the alerts that notification reported as firing
 */
public record GroupState(long nextFlushAt, Long lastNotifiedAt, Set<String> lastFiring) {

    public GroupState {
        lastFiring = Set.copyOf(lastFiring);
    }

    /**
     * A new group created by an alert at {@code now}: first flush after the route's group_wait, or
     * at once when the alert already started longer ago than that (as Alertmanager does).
     */
    public static GroupState created(Route route, Alert first, long now) {
        long wait = route.groupWait().toMillis();
        long at = first.startsAt() + wait <= now ? now : now + wait;
        return new GroupState(at, null, Set.of());
    }
}
