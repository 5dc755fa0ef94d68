package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.r2dbc.pool.ConnectionPool;
import io.sluice.alert.evaluate.RuleEvaluator;
import io.sluice.alert.firing.FiringRepository;
import io.sluice.alert.evaluate.RuleConditions;
import io.sluice.alert.intake.MatchBuckets;
import io.sluice.alert.notify.WebhookNotifier;
import io.sluice.alert.ownership.SlotOwnership;
import io.sluice.alert.route.AlertRouter;
import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.RuleRepository;
import io.sluice.alert.rule.RuleState;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.platform.redis.SluiceRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;

/**
 * Fencing: an instance that held a rule's slot and lost it (here: the current owner's ownership
 * is restarted, which takes the slots again under a new token and raises the rules' fences in
 * MySQL, exactly as a takeover by another instance does) cannot fire the rule with its old token,
 * even though its evaluation sees the condition met; the current owner then fires it once.
 * Also: after Redis lost the token counter (a restart without persistence), the owner's first
 * token is below MySQL's fences; it raises the counter and takes its slots again, and fires.
 * Periodic evaluation is off (1 h), so only the evaluations this test runs happen.
 */
class StaleOwnerFencingTest {

    private static final String DATABASE = "h_ownership_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PREFIX = "h_ownership:" + UUID.randomUUID() + ":";

    private static WebhookReceiver webhook;
    private static ConfigurableApplicationContext context;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        webhook = new WebhookReceiver();
        context = new SpringApplicationBuilder(AlertApplication.class).properties(
                        "server.port=0",
                        "spring.grpc.server.port=0",
                        "sluice.alert.evaluation-interval=1h",
                        "sluice.alert.ownership.instance-id=current-owner",
                        "sluice.mysql.url=mysql://root@127.0.0.1:3306/" + DATABASE,
                        "sluice.redis.url=redis://127.0.0.1:6379",
                        "sluice.redis.key-prefix=" + PREFIX)
                .run();
        key = TenantKeys.keyOf(context, "default");
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        webhook.close();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Test
    void anOwnerWhoseSlotWasTakenOverCannotFireWithItsOldTokenAndTheNewOwnerFiresOnce() throws Exception {
        SlotOwnership ownership = context.getBean(SlotOwnership.class);
        AlertRule rule = http().post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "fenced", "query", "{level=\"ERROR\"}", "threshold", 100, "windowSeconds", 120,
                        "webhookUrl", webhook.url("/fenced")))
                .exchange().expectStatus().isCreated().expectBody(AlertRule.class).returnResult().getResponseBody();
        await().atMost(Duration.ofSeconds(60)).until(() -> ownership.token(rule.id()).isPresent());
        long oldToken = ownership.token(rule.id()).getAsLong();

        ownership.stop();
        ownership.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ownership.token(rule.id()).isPresent());
        long newToken = ownership.token(rule.id()).getAsLong();
        assertThat(newToken).isGreaterThan(oldToken);
        assertThat(fenceOf(rule.id())).as("taking the slot raised the rule's fence").isEqualTo(newToken);

        long bucket = System.currentTimeMillis() / 1000 * 1000;
        StepVerifier.create(context.getBean(MatchBuckets.class).apply(FindingsBatch.newBuilder().setBatchId("fenced-" + UUID.randomUUID())
                        .addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(bucket).setCount(150)).build()))
                .expectNext(true).verifyComplete();

        StepVerifier.create(evaluatorWithToken(oldToken).evaluate(rule.id())).verifyComplete();
        assertThat(context.getBean(RuleRepository.class).findById(rule.id()).block(Duration.ofSeconds(60)).state())
                .as("the stale owner's OK → FIRING was rejected").isEqualTo(RuleState.OK);
        assertThat(firingTokens(rule.id())).isEmpty();

        StepVerifier.create(context.getBean(RuleEvaluator.class).evaluate(rule.id())).verifyComplete();
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.posts("/fenced").size() == 1);
        assertThat(firingTokens(rule.id())).as("one firing, under the new token").containsExactly(newToken);
        StepVerifier.create(evaluatorWithToken(oldToken).evaluate(rule.id())).verifyComplete();
        assertThat(context.getBean(RuleRepository.class).findById(rule.id()).block(Duration.ofSeconds(60)).state())
                .as("nor can the stale owner resolve it").isEqualTo(RuleState.FIRING);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> webhook.posts("/fenced").size() == 1);
    }

    @Test
    void afterRedisLostTheFenceCounterTheOwnerTakesItsSlotsAgainWithATokenAboveMysqlsAndStillFires() throws Exception {
        SlotOwnership ownership = context.getBean(SlotOwnership.class);
        AlertRule rule = http().post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "after redis reset", "query", "{level=\"ERROR\"}", "threshold", 0, "windowSeconds", 120,
                        "webhookUrl", webhook.url("/after-reset")))
                .exchange().expectStatus().isCreated().expectBody(AlertRule.class).returnResult().getResponseBody();
        ownership.stop();
        ownership.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ownership.token(rule.id()).isPresent());
        long fenced = fenceOf(rule.id());
        assertThat(fenced).isEqualTo(ownership.token(rule.id()).getAsLong());

        ownership.stop();
        SluiceRedis redis = context.getBean(SluiceRedis.class);
        redis.strings().del(redis.keys().key("alert:{own}:fence")).block(Duration.ofSeconds(60));
        ownership.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> ownership.token(rule.id()).isPresent());
        assertThat(ownership.token(rule.id()).getAsLong()).as("not the restarted counter's 1").isGreaterThan(fenced);
        StepVerifier.create(context.getBean(MatchBuckets.class).apply(FindingsBatch.newBuilder().setBatchId("reset-" + UUID.randomUUID())
                        .addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(System.currentTimeMillis() / 1000 * 1000)
                                .setCount(1)).build()))
                .expectNext(true).verifyComplete();
        StepVerifier.create(context.getBean(RuleEvaluator.class).evaluate(rule.id())).verifyComplete();
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.posts("/after-reset").size() == 1);
    }

    /** An evaluator like the instance's own, but believing it still owns every rule under {@code token}. */
    private static RuleEvaluator evaluatorWithToken(long token) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(context.getBean(ConnectionPool.class)));
        return new RuleEvaluator(context.getBean(RuleRepository.class), context.getBean(FiringRepository.class),
                context.getBean(RuleConditions.class), context.getBean(WebhookNotifier.class), context.getBean(AlertRouter.class),
                tx, Clock.systemUTC(), ruleId -> OptionalLong.of(token));
    }

    private static long fenceOf(long ruleId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT fence_token FROM alert_rule WHERE id = " + ruleId)) {
            r.next();
            return r.getLong(1);
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

    /** A client sending the default tenant's key, as the rule API needs. */
    private static WebTestClient http() {
        return TenantKeys.client(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), key);
    }
}
