package io.sluice.alert.route;

import io.sluice.alert.notify.NotificationDispatcher;
import io.sluice.alert.notify.Notification;
import io.sluice.alert.route.GroupRepository.GroupRow;
import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Flushes the aggregation groups that are due, on every instance: each {@code flush-interval},
 * and at once when {@link #kick} is called (a new alert with group_wait 0 must not wait for the
 * next tick). A group is flushed in one MySQL transaction that locks its row (skipping rows
 * another instance holds), reads the tenant's routing config, the group's own alerts (through
 * their group links; the whole tenant only when it has inhibit rules) and silences, applies
 * {@link GroupFlush} at a "now" read after the alerts, and stores the group's next state; only after the commit is the
 * notification handed to the {@link NotificationDispatcher}. So a group is notified by one
 * instance only, and a failover never re-sends what was recorded as sent (a crash between commit
 * and hand-off loses that one notification instead: at most once). Passes never overlap within a
 * process; requests arriving during a pass cause one more pass. Up to {@code flush-concurrency}
 * groups are flushed at once, each holding one pooled connection.
 */
public class GroupFlusher extends PeriodicTask implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupFlusher.class);

    private final GroupRepository groups;
    private final AlertStore alerts;
    private final RouteConfigRepository configs;
    private final ActiveSilences silences;
    private final NotificationDispatcher dispatcher;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final RouteProperties properties;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong lastPurge = new AtomicLong();
    private final Disposable.Composite inFlight = Disposables.composite();
    private volatile boolean closed;

    /**
     * @param groups the groups
     * @param alerts the alerts
     * @param configs routing configs
     * @param silences what silences mute
     * @param dispatcher delivers notifications
     * @param tx transactions over the database of {@code groups}
     * @param clock what "now" is
     * @param properties intervals and limits
     */
    public GroupFlusher(GroupRepository groups, AlertStore alerts, RouteConfigRepository configs, ActiveSilences silences,
            NotificationDispatcher dispatcher, TransactionalOperator tx, Clock clock, RouteProperties properties) {
        super(properties.flushInterval(), properties.flushInterval());
        this.groups = groups;
        this.alerts = alerts;
        this.configs = configs;
        this.silences = silences;
        this.dispatcher = dispatcher;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    /** Requests a pass now (returns at once). */
    public void kick() {
        if (closed) {
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        pass().onErrorResume(e -> {
            if (!closed) {
                log.warn("flushing alert groups failed, retried on the next tick: {}", e.toString());
            }
            return Mono.empty();
        }).doFinally(s -> {
            busy.set(false);
            if (again.get()) {
                kick();
            }
        }).subscribe();
    }

    @Override
    protected Mono<Void> runOnce() {
        kick();
        return Mono.empty();
    }

    /** One pass: flushes every group due now (up to the batch size), then purges old resolved alerts now and then. */
    Mono<Void> pass() {
        long now = clock.millis();
        return groups.due(now, properties.flushBatch())
                .flatMap(k -> flush(k[0], k[1], now), properties.flushConcurrency())
                .count()
                .doOnNext(n -> {
                    if (n >= properties.flushBatch()) {
                        // A full batch: more may be due, look again right away rather than on the next tick.
                        again.set(true);
                    }
                })
                .then(purge(now));
    }

    private Mono<String> flush(String tenant, String hash, long now) {
        AtomicReference<Notification> out = new AtomicReference<>();
        Mono<Void> work = groups.lockIfDue(tenant, hash, now).flatMap(row -> configs.config(tenant).map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(config -> {
                    Route route = config.map(c -> c.root().find(row.routeId())).orElse(null);
                    if (route == null) {
                        // The tenant's config was deleted or no longer has this route: drop the group, as Alertmanager does on reload.
                        return groups.delete(row);
                    }
                    return flush(row, route, config.get(), out);
                }));
        return tx.transactional(work)
                .then(Mono.<Void>fromRunnable(() -> {
                    Notification n = out.get();
                    if (n != null) {
                        dispatch(tenant, n);
                    }
                }))
                .onErrorResume(e -> {
                    if (!closed) {
                        log.warn("flushing alert group {} of tenant {} failed, retried on the next tick: {}", hash, tenant, e.toString());
                    }
                    return Mono.empty();
                })
                .thenReturn(hash);
    }

    private Mono<Void> flush(GroupRow row, Route route, RoutingConfig config, AtomicReference<Notification> out) {
        long since = clock.millis() - properties.resolvedRetention().toMillis();
        return alerts.members(row.tenant(), row.hash(), since).collectList().flatMap(linked -> {
            // The whole tenant is read only for inhibition (sources may sit in any group) or for a
            // group without links (created before links existed): then the links are written.
            boolean tenantWide = linked.isEmpty() || !config.inhibitRules().isEmpty();
            Mono<List<Alert>> tenantAlerts = tenantWide ? alerts.current(row.tenant(), since).collectList() : Mono.just(List.of());
            return tenantAlerts.flatMap(all -> {
                List<Alert> members = (linked.isEmpty() ? all : linked).stream().filter(a -> belongs(a, row, route, config)).toList();
                Mono<Void> relink = linked.isEmpty()
                        ? Flux.fromIterable(members).concatMap(a -> groups.addMember(row.tenant(), row.hash(), a.fingerprint())).then()
                        : Mono.empty();
                // "now" is taken after the alerts were read, and never before an end they show (another
                // instance's clock may run ahead): an alert read as resolved is never reported as firing.
                // A pass-wide "now" could precede its end.
                long now = members.stream().map(Alert::endsAt).filter(Objects::nonNull).reduce(clock.millis(), Math::max);
                return relink.then(silences.mutedAt(row.tenant(), now)).flatMap(silenced -> {
                    GroupFlush f = GroupFlush.of(route, row.state(), members,
                            a -> silenced.test(a.labels()) || InhibitRule.mutes(config.inhibitRules(), a, all, now), now);
                    if (f.send()) {
                        out.set(NotificationBuilder.of(route.receiver(), row.key(), row.groupLabels(), f));
                    }
                    return f.next() == null ? groups.delete(row) : groups.save(row, f.next());
                });
            });
        });
    }

    /** Whether {@code alert} belongs to the group {@code row} under the current routing tree (a link may be stale). */
    private static boolean belongs(Alert alert, GroupRow row, Route route, RoutingConfig config) {
        return route.groupKey(alert.labels()).equals(row.key())
                && config.match(alert.labels()).stream().anyMatch(r -> r.id().equals(route.id()));
    }

    private void dispatch(String tenant, Notification n) {
        Disposable[] self = new Disposable[1];
        self[0] = dispatcher.dispatch(tenant, n)
                .doOnNext(result -> {
                    if (!result.sent()) {
                        log.warn("notification of alert group {} to {} failed after {} attempts: {}", n.groupKey(), n.receiver(),
                                result.attempts(), result.error());
                    }
                })
                .onErrorResume(e -> {
                    log.error("dispatcher failed on the notification of alert group {} to {}: {}", n.groupKey(), n.receiver(), e.toString());
                    return Mono.empty();
                })
                .doFinally(s -> {
                    if (self[0] != null) {
                        inFlight.remove(self[0]);
                    }
                })
                .subscribe();
        inFlight.add(self[0]);
        if (self[0].isDisposed()) {
            inFlight.remove(self[0]);
        }
    }

    private Mono<Void> purge(long now) {
        long last = lastPurge.get();
        if (now - last < properties.purgeInterval().toMillis() || !lastPurge.compareAndSet(last, now)) {
            return Mono.empty();
        }
        return alerts.purge(now - properties.resolvedRetention().toMillis()).then();
    }

    @Override
    public void stop() {
        closed = true;
        super.stop();
    }

    @Override
    public void destroy() {
        closed = true;
        inFlight.dispose();
    }
}
