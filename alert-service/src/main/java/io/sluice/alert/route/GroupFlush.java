package io.sluice.alert.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one flush of an aggregation group decides (Alertmanager's dispatch, mute and dedup stages,
 * as one pure function): which alerts a notification carries, if one is due, and the group's next
 * state. Muted alerts (silenced or inhibited) are left out as if absent. A notification is due
 * <ul>
 *   <li>before the first one: when some alert fires;</li>
 *   <li>when an alert fires that the last notification did not report (a change);</li>
 *   <li>when an alert the last notification reported as firing has resolved (if the route sends
 *       resolved notifications);</li>
 *   <li>otherwise when some alert still fires and {@code repeat_interval} has passed since the last
 *       one.</li>
 * </ul>
 * The group is next flushed after {@code group_interval}; a group with no unresolved alert left is
 * dropped (state null) after its last notification.
 *
 * @param send whether a notification is sent now
 * @param firing the firing alerts it carries (oldest first)
 * @param resolved the resolved alerts it carries (those the previous notification reported firing)
 * @param next the group's state after this flush; null when the group is to be deleted
 */
public record GroupFlush(boolean send, List<Alert> firing, List<Alert> resolved, GroupState next) {

    private static final Comparator<Alert> ORDER = Comparator.comparingLong(Alert::startsAt).thenComparing(Alert::fingerprint);

    /**
     * Flushes the group of {@code route} whose state is {@code state} and whose alerts (firing and
     * recently resolved) are {@code alerts}, at {@code now}; {@code muted} says which are silenced
     * or inhibited.
     */
    public static GroupFlush of(Route route, GroupState state, List<Alert> alerts, Predicate<Alert> muted, long now) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        boolean anyActive = false;
        Set<String> present = new HashSet<>();
        for (Alert a : alerts) {
            present.add(a.fingerprint());
            boolean isResolved = a.resolvedAt(now);
            anyActive |= !isResolved;
            if (muted.test(a)) {
                continue;
            }
            if (!isResolved) {
                firing.add(a);
            } else if (state.lastFiring().contains(a.fingerprint())) {
                resolved.add(a);
            }
        }
        firing.sort(ORDER);
        resolved.sort(ORDER);
        Set<String> firingIds = new HashSet<>();
        firing.forEach(a -> firingIds.add(a.fingerprint()));

        boolean send;
        if (state.lastNotifiedAt() == null) {
            send = !firing.isEmpty();
        } else if (!state.lastFiring().containsAll(firingIds)) {
            send = true;
        } else if (route.sendResolved() && !resolved.isEmpty()) {
            send = true;
        } else {
            send = !firing.isEmpty() && now - state.lastNotifiedAt() >= route.repeatInterval().toMillis();
        }
        long nextFlush = now + route.groupInterval().toMillis();
        GroupState next;
        if (send) {
            next = new GroupState(nextFlush, now, firingIds);
        } else {
            Set<String> kept = new HashSet<>(state.lastFiring());
            kept.retainAll(present);
            if (!route.sendResolved()) {
                resolved.forEach(a -> kept.remove(a.fingerprint()));
            }
            next = new GroupState(nextFlush, state.lastNotifiedAt(), kept);
        }
        List<Alert> carriedResolved = send && route.sendResolved() ? resolved : List.of();
        return new GroupFlush(send, send ? firing : List.of(), carriedResolved, anyActive ? next : null);
    }
}
