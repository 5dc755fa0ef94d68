package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.sluice.alert.notify.Notification;
import io.sluice.alert.silence.SilenceRepository;
import io.sluice.platform.mysql.MysqlUrl;
import io.sluice.platform.mysql.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The group flusher against the real MariaDB (its own database): what a flush reads and which
 * "now" it judges alerts by. Each test uses its own tenant.
 */
class GroupFlusherTest {

    private static final String DATABASE = "h_flushfix_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final long T = 1_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ConnectionPool pool;
    private static DatabaseClient db;
    private static AlertStore alerts;
    private static GroupRepository groups;
    private static RouteConfigRepository configs;

    private final List<Notification> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        MysqlUrl url = MysqlUrl.parse("mysql://root@127.0.0.1:3306/" + DATABASE);
        new SchemaMigrator(url).migrate("db/alert", "flyway_history_alert");
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(MySqlConnectionFactory.from(MySqlConnectionConfiguration.builder()
                        .host(url.host()).port(url.port()).user(url.user()).database(url.database()).build()))
                .maxSize(4).build());
        db = DatabaseClient.create(pool);
        alerts = new AlertStore(db);
        groups = new GroupRepository(db);
        configs = new RouteConfigRepository(db);
    }

    @AfterAll
    static void drop() throws Exception {
        pool.dispose();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Test
    void anAlertThatResolvedBeforeItsGroupIsFlushedIsNotSentAsFiring() {
        String tenant = "h_flushfix_resolved";
        RoutingConfig config = routeByAlertname(tenant);
        Alert gone = alert(tenant, "disk full");
        Alert still = alert(tenant, "checkout errors");
        fireAndJoin(tenant, config, gone);
        fireAndJoin(tenant, config, still);
        StepVerifier.create(alerts.resolve(tenant, gone.labels(), T + 100)).expectNext(true).verifyComplete();

        // The pass starts (and finds both groups due) before the alert resolved; the flush itself runs after.
        StepVerifier.create(flusher(clock(T + 50, T + 200)).pass()).expectComplete().verify(TIMEOUT);

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).status()).isEqualTo(Notification.Status.FIRING);
        assertThat(sent.get(0).alerts()).extracting(a -> a.labels().get("alertname")).containsExactly("checkout errors");
        assertThat(groups.findAll(tenant).map(GroupRepository.GroupRow::key).collectList().block(TIMEOUT))
                .as("the group whose only alert resolved before its first notification is dropped")
                .containsExactly(config.root().groupKey(still.labels()));
    }

    @Test
    void aGroupFlushReadsOnlyTheAlertsOfItsOwnGroup() {
        String tenant = "h_flushfix_members";
        RoutingConfig config = routeByAlertname(tenant);
        List<Alert> all = List.of(alert(tenant, "a"), alert(tenant, "b"), alert(tenant, "c"));
        all.forEach(a -> fireAndJoin(tenant, config, a));
        String hashOfB = GroupRepository.hash(config.root().groupKey(all.get(1).labels()));

        assertThat(alerts.members(tenant, hashOfB, 0).collectList().block(TIMEOUT))
                .as("rows a flush of group b reads").extracting(Alert::fingerprint).containsExactly(all.get(1).fingerprint());
        assertThat(alerts.current(tenant, 0).count().block(TIMEOUT)).as("rows the tenant holds").isEqualTo(3);

        StepVerifier.create(flusher(clock(T + 10, T + 20)).pass()).expectComplete().verify(TIMEOUT);
        assertThat(sent).extracting(n -> n.alerts().size()).containsExactly(1, 1, 1);
        assertThat(sent).extracting(n -> n.alerts().get(0).labels().get("alertname")).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aGroupWithoutMemberLinksIsFlushedFromTheTenantsAlertsAndLinkedAgain() {
        String tenant = "h_flushfix_legacy";
        RoutingConfig config = routeByAlertname(tenant);
        Alert a = alert(tenant, "written before links existed");
        fireAndJoin(tenant, config, a);
        String hash = GroupRepository.hash(config.root().groupKey(a.labels()));
        StepVerifier.create(db.sql("DELETE FROM alert_group_member WHERE tenant = :t").bind("t", tenant).fetch().rowsUpdated())
                .expectNext(1L).verifyComplete();

        StepVerifier.create(flusher(clock(T + 10, T + 20)).pass()).expectComplete().verify(TIMEOUT);

        assertThat(sent).extracting(n -> n.alerts().get(0).fingerprint()).containsExactly(a.fingerprint());
        assertThat(alerts.members(tenant, hash, 0).map(Alert::fingerprint).collectList().block(TIMEOUT)).containsExactly(a.fingerprint());
    }

    @Test
    void purgingAResolvedAlertDeletesItsGroupLinks() {
        String tenant = "h_flushfix_purge";
        RoutingConfig config = routeByAlertname(tenant);
        Alert a = alert(tenant, "old");
        fireAndJoin(tenant, config, a);
        String hash = GroupRepository.hash(config.root().groupKey(a.labels()));
        StepVerifier.create(alerts.resolve(tenant, a.labels(), T + 1)).expectNext(true).verifyComplete();

        StepVerifier.create(alerts.purge(T + 2)).assertNext(n -> assertThat(n).isGreaterThanOrEqualTo(2)).verifyComplete();

        assertThat(alerts.members(tenant, hash, 0).collectList().block(TIMEOUT)).isEmpty();
        assertThat(db.sql("SELECT COUNT(*) AS n FROM alert_group_member WHERE tenant = :t").bind("t", tenant)
                .map(r -> r.get("n", Long.class)).one().block(TIMEOUT)).isZero();
    }

    private GroupFlusher flusher(Clock clock) {
        RouteProperties properties = new RouteProperties(Duration.ofMinutes(1), 200, 4, Duration.ofHours(1), Duration.ofHours(1));
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
        return new GroupFlusher(groups, alerts, configs, new SilenceRepository(db), (tenant, n) -> {
            sent.add(n);
            return Mono.empty();
        }, tx, clock, properties);
    }

    private static RoutingConfig routeByAlertname(String tenant) {
        RoutingSpec spec = new RoutingSpec(new RoutingSpec.RouteSpec("ops", List.of("alertname"), "0s", "1h", "1h", true, null, null, null),
                null);
        return configs.put(tenant, spec, Flux.just("ops"), T).block(TIMEOUT);
    }

    private static Alert alert(String tenant, String name) {
        return new Alert(Map.of("alertname", name, "tenant", tenant), Map.of(), T, null, null);
    }

    private static void fireAndJoin(String tenant, RoutingConfig config, Alert alert) {
        StepVerifier.create(alerts.fire(tenant, alert, T).flatMap(stored -> groups.join(tenant, config.root(), stored, T)))
                .expectNext(true).expectComplete().verify(TIMEOUT);
    }

    /** A clock reading {@code first} once (the pass's start), then {@code later} ever after. */
    private static Clock clock(long first, long later) {
        AtomicInteger reads = new AtomicInteger();
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public long millis() {
                return reads.getAndIncrement() == 0 ? first : later;
            }
        };
    }
}
