package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.alert.ownership.OwnershipView;
import io.sluice.alert.ownership.RuleSlots;
import io.sluice.alert.ownership.Snapshot;
import io.sluice.alert.ownership.SlotOwnership;
import io.sluice.alert.rule.AlertRule;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two alert-service instances on the same MariaDB and Redis: {@code alert-a} a separate JVM
 * (so that "killed" is a real SIGKILL: no lease released, no shutdown hook), {@code alert-b} a
 * context in this JVM that receives every finding (as with analytics' single target). The rules'
 * slots are spread over both; a rule owned by A fires once, by A, from findings B received; A is
 * killed; B takes over A's slots within 10 s (measured), does not fire the rule whose condition is
 * still met again, and fires a rule of A's whose condition arises after the kill — one webhook
 * POST per rule, no duplicate.
 */
class OwnershipFailoverTest {

    private static final String DATABASE = "h_ownership_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PREFIX = "h_ownership:" + UUID.randomUUID() + ":";
    private static final String MYSQL = "mysql://root@127.0.0.1:3306/" + DATABASE;
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);

    private static WebhookReceiver webhook;
    private static Process a;
    private static ConfigurableApplicationContext b;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        webhook = new WebhookReceiver();
        b = new SpringApplicationBuilder(AlertApplication.class).properties(
                        "server.port=0",
                        "spring.grpc.server.port=0",
                        "sluice.alert.evaluation-interval=200ms",
                        "sluice.alert.ownership.instance-id=alert-b",
                        "sluice.mysql.url=" + MYSQL,
                        "sluice.redis.url=redis://127.0.0.1:6379",
                        "sluice.redis.key-prefix=" + PREFIX)
                .run();
        key = TenantKeys.keyOf(b, "default");
        a = startInstanceA();
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null && a.isAlive()) {
            a.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        if (b != null) {
            b.close();
        }
        webhook.close();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Test
    void theSurvivorTakesOverAKilledInstancesRulesWithin10SecondsAndNoFiringIsNotifiedTwice() throws Exception {
        SlotOwnership ownershipOfB = b.getBean(SlotOwnership.class);
        await("alert-a started and both instances share the slots").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    OwnershipView view = ownership();
                    long leasedByA = view.leases().stream().filter(l -> "alert-a".equals(l.owner())).count();
                    long leasedByB = view.leases().stream().filter(l -> "alert-b".equals(l.owner())).count();
                    return leasedByA > 0 && leasedByB > 0 && leasedByA + leasedByB == view.slots();
                });

        List<AlertRule> ofA = new ArrayList<>();
        List<AlertRule> ofBs = new ArrayList<>();
        for (int i = 0; ofA.size() < 2 || ofBs.isEmpty(); i++) {
            AlertRule rule = createRule("rule " + i);
            String owner = ownerOf(rule.id());
            if ("alert-a".equals(owner) && ofA.size() < 2) {
                ofA.add(rule);
            } else if ("alert-b".equals(owner) && ofBs.isEmpty()) {
                ofBs.add(rule);
            }
        }
        AlertRule ofB = ofBs.get(0);
        AlertRule firedByA = ofA.get(0);
        AlertRule arisesAfterKill = ofA.get(1);
        long tokenOfA = lease(firedByA.id()).token();

        report(firedByA, 150);
        report(ofB, 150);
        await().atMost(Duration.ofSeconds(60)).until(() -> posts(firedByA) == 1 && posts(ofB) == 1);
        assertThat(firingTokens(firedByA.id())).as("fired by alert-a, from findings alert-b received").containsExactly(tokenOfA);

        a.destroyForcibly();
        long killedAt = System.nanoTime();
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        report(firedByA, 50);
        report(arisesAfterKill, 150);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ownershipOfB.token(firedByA.id()).isPresent() && ownershipOfB.token(arisesAfterKill.id()).isPresent());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        await().atMost(Duration.ofSeconds(60)).until(() -> posts(arisesAfterKill) == 1);
        Duration firedAfterKill = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("ownership failover: alert-b owned alert-a's slots %d ms after the kill; a rule of alert-a fired %d ms after it%n",
                takeover.toMillis(), firedAfterKill.toMillis());
        assertThat(takeover).as("takeover after SIGKILL").isLessThanOrEqualTo(TAKEOVER_BOUND);

        long tokenOfB = ownershipOfB.token(arisesAfterKill.id()).getAsLong();
        assertThat(tokenOfB).isGreaterThan(tokenOfA);
        assertThat(ownership().leases()).allSatisfy(l -> assertThat(l.owner()).isEqualTo("alert-b"));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> posts(firedByA) == 1 && posts(ofB) == 1
                && posts(arisesAfterKill) == 1);
        assertThat(firingTokens(firedByA.id())).as("still firing, not fired again by the survivor").containsExactly(tokenOfA);
        assertThat(firingTokens(arisesAfterKill.id())).containsExactly(tokenOfB);
        assertThat(state(firedByA.id())).isEqualTo("FIRING");
    }

    private static Process startInstanceA() throws Exception {
        Path log = Path.of(OwnershipFailoverTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("ownership-failover-alert-a.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AlertApplication.class.getName(),
                "--server.port=0",
                "--spring.grpc.server.port=0",
                "--sluice.alert.evaluation-interval=200ms",
                "--sluice.alert.ownership.instance-id=alert-a",
                "--sluice.mysql.url=" + MYSQL,
                "--sluice.redis.url=redis://127.0.0.1:6379",
                "--sluice.redis.key-prefix=" + PREFIX)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static OwnershipView ownership() {
        return http().get().uri("/api/v1/alert/ownership").exchange().expectStatus().isOk()
                .expectBody(OwnershipView.class).returnResult().getResponseBody();
    }

    private static Snapshot.SlotLease lease(long ruleId) {
        OwnershipView view = ownership();
        return view.leases().get(RuleSlots.slot(ruleId, view.slots()));
    }

    private static String ownerOf(long ruleId) {
        return lease(ruleId).owner();
    }

    private static AlertRule createRule(String name) {
        return http().post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "query", "{level=\"ERROR\"}", "threshold", 100, "windowSeconds", 120,
                        "webhookUrl", webhook.url("/" + name.replace(' ', '-'))))
                .exchange().expectStatus().isCreated().expectBody(AlertRule.class).returnResult().getResponseBody();
    }

    private static int posts(AlertRule rule) {
        return webhook.posts("/" + rule.name().replace(' ', '-')).size();
    }

    /** Reports {@code count} matches of {@code rule} to alert-b, in this second's bucket. */
    private static void report(AlertRule rule, long count) throws InterruptedException {
        int port = b.getBean(GrpcServerLifecycle.class).getPort();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            AlertIntakeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).report(FindingsBatch.newBuilder()
                    .setBatchId("entry-" + UUID.randomUUID())
                    .addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(System.currentTimeMillis() / 1000 * 1000)
                            .setCount(count))
                    .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static List<Long> firingTokens(long ruleId) throws Exception {
        List<Long> tokens = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT fence_token FROM alert_firing WHERE rule_id = " + ruleId + " ORDER BY id")) {
            while (r.next()) {
                tokens.add(r.getLong(1));
            }
        }
        return tokens;
    }

    private static String state(long ruleId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT state FROM alert_rule WHERE id = " + ruleId)) {
            r.next();
            return r.getString(1);
        }
    }

    /** A client of alert-b sending the default tenant's key (the rule API and the ownership view need one). */
    private static WebTestClient http() {
        return TenantKeys.client(Integer.parseInt(b.getEnvironment().getProperty("local.server.port")), key);
    }
}
