package io.sluice.alert.ownership;

import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * This instance's share of the rule slots. Every {@code renew-interval} one round: heartbeat in
 * the instance registry (which lists the live instances), renew the leases held (a lease found
 * taken or expired is dropped at once), hand over the slots whose preferred owner
 * ({@link SlotAssignment}) is now another live instance, and take the free slots preferred for
 * this one — all taken in a round share one new fencing token, which is first written to the
 * slots' rules in MySQL ({@link RuleFences}, bounded by the lease TTL; on failure the slots are
 * released and taken again later) before any of them is evaluated. Rounds never
 * overlap; a failed round keeps the leases until their local validity ends, so a Redis outage
 * stops evaluation here after at most one lease TTL rather than letting two instances evaluate.
 * On a graceful stop the leases are released and the instance deregistered, so the others take
 * over within one round; after a crash they take over once the leases and the heartbeat expire.
 */
public class SlotOwnership extends PeriodicTask implements RuleOwnership {

    private static final Logger log = LoggerFactory.getLogger(SlotOwnership.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final LeaseStore store;
    private final RuleFences fences;
    private final String instanceId;
    private final int slots;
    private final Duration ttl;
    private final Map<Integer, Lease> held = new ConcurrentHashMap<>();

    SlotOwnership(LeaseStore store, RuleFences fences, String instanceId, OwnershipProperties properties) {
        super(Duration.ZERO, properties.renewInterval());
        this.store = store;
        this.fences = fences;
        this.instanceId = instanceId;
        this.slots = properties.slots();
        this.ttl = properties.leaseTtl();
    }

    @Override
    public OptionalLong token(long ruleId) {
        Lease lease = held.get(RuleSlots.slot(ruleId, slots));
        return lease != null && lease.validAt(System.nanoTime()) ? OptionalLong.of(lease.token()) : OptionalLong.empty();
    }

    /** This instance's id in the registry and on its leases. */
    public String instanceId() {
        return instanceId;
    }

    /** The slots this instance holds a valid lease on now. */
    public Set<Integer> ownedSlots() {
        long now = System.nanoTime();
        Set<Integer> owned = new TreeSet<>();
        held.values().stream().filter(l -> l.validAt(now)).forEach(l -> owned.add(l.slot()));
        return owned;
    }

    @Override
    protected Mono<Void> runOnce() {
        long start = System.nanoTime();
        return store.heartbeat(instanceId, ttl)
                .flatMap(live -> renew(start).then(rebalance(live, start)));
    }

    private Mono<Void> renew(long start) {
        // Leases past their local validity are renewed too: if the value is still ours in Redis, no
        // one took the slot in between, so owning it on is safe (evaluation paused meanwhile).
        List<Lease> mine = new ArrayList<>(held.values());
        if (mine.isEmpty()) {
            return Mono.empty();
        }
        long validUntil = start + ttl.toNanos();
        return store.renew(mine, ttl).doOnNext(kept -> {
            for (int i = 0; i < mine.size(); i++) {
                Lease lease = mine.get(i);
                if (kept.get(i)) {
                    held.replace(lease.slot(), lease, lease.renewedUntil(validUntil));
                } else if (held.remove(lease.slot(), lease)) {
                    log.warn("lost the lease of alert rule slot {} (token {}): it expired before it was renewed", lease.slot(), lease.token());
                }
            }
        }).then();
    }

    private Mono<Void> rebalance(List<String> live, long start) {
        Set<Integer> targets = SlotAssignment.targets(instanceId, live, slots);
        List<Lease> surplus = held.values().stream().filter(l -> !targets.contains(l.slot())).toList();
        surplus.forEach(l -> held.remove(l.slot(), l));
        if (!surplus.isEmpty()) {
            log.info("handing over alert rule slots {} to other instances ({} live)", surplus.stream().map(Lease::slot).toList(), live.size());
        }
        List<Integer> wanted = targets.stream().filter(s -> !held.containsKey(s)).sorted().toList();
        Mono<Void> take = wanted.isEmpty() ? Mono.empty()
                : store.acquire(wanted, instanceId, ttl).flatMap(taken -> fence(taken.token(), taken.slots(), start));
        return store.release(surplus).then(take);
    }

    private Mono<Void> fence(long token, List<Integer> taken, long start) {
        List<Lease> leases = taken.stream().map(s -> Lease.of(s, instanceId, token, start + ttl.toNanos())).toList();
        // Bounded by the lease TTL: by then the leases just taken have lapsed anyway.
        return fences.raise(taken, slots, token)
                .timeout(ttl)
                .flatMap(highest -> {
                    if (highest > token) {
                        log.warn("fencing token {} is older than {} already in MySQL (Redis lost its data?): raising the counter, slots {} are taken next round",
                                token, highest, taken);
                        return store.raiseFence(highest).then(store.release(leases));
                    }
                    leases.forEach(l -> held.put(l.slot(), l));
                    log.info("took alert rule slots {} with fencing token {}", taken, token);
                    return Mono.<Void>empty();
                })
                .onErrorResume(e -> store.release(leases).then(Mono.error(e)));
    }

    /** Stops the rounds, then releases every lease and leaves the registry, so others take over at once. */
    @Override
    public synchronized void stop() {
        super.stop();
        List<Lease> mine = new ArrayList<>(held.values());
        held.clear();
        try {
            store.release(mine).then(store.deregister(instanceId)).block(STOP_TIMEOUT);
            log.info("released alert rule slots {}", mine.stream().map(Lease::slot).sorted().toList());
        } catch (RuntimeException e) {
            log.warn("could not release alert rule slots on stop, they lapse within {}: {}", ttl, e.toString());
        }
    }
}
