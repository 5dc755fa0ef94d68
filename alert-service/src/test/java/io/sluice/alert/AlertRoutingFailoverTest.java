package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.alert.rule.AlertRule;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two alert-service instances on the same MariaDB and Redis: every group is notified once
 * although both flush groups, and after one instance stops the other carries on from the shared
 * group state without sending anything again.
 */
class AlertRoutingFailoverTest {

    private static final String DATABASE = "h_route_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PREFIX = "h-route:" + UUID.randomUUID() + ":";
    private static final String TENANT = "route-failover";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WebhookReceiver webhook;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void start() throws Exception {
        webhook = new WebhookReceiver();
        a = instance();
        b = instance();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {a, b}) {
            if (c != null && c.isActive()) {
                c.close();
            }
        }
        webhook.close();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Test
    void eachGroupIsNotifiedOnceByTwoInstancesAndTheSurvivorDoesNotResendAfterTheOtherStops() throws InterruptedException {
        http(a).post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", TENANT, "name", "ops", "type", "webhook", "settings", Map.of("url", webhook.url("/failover"))))
                .exchange().expectStatus().isCreated();
        http(a).put().uri("/api/v1/alert/routes?tenant={t}", TENANT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("route", Map.of("receiver", "ops", "groupBy", List.of("alertname"),
                        "groupWait", "0s", "groupInterval", "300ms", "repeatInterval", "1h")))
                .exchange().expectStatus().isOk();
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rules.add(createRule("burst " + i));
        }

        for (int i = 0; i < rules.size(); i++) {
            report(i % 2 == 0 ? a : b, rules.get(i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.posts("/failover").size() >= 12);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> webhook.posts("/failover").size() == 12);
        assertThat(notifiedNames()).as("one notification per group, none twice").hasSize(12).doesNotHaveDuplicates();

        a.close();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> webhook.posts("/failover").size() == 12);

        AlertRule late = createRuleOn(b, "burst after failover");
        report(b, late);
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.posts("/failover").size() == 13);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(7)).until(() -> webhook.posts("/failover").size() == 13);
        assertThat(notifiedNames()).doesNotHaveDuplicates().contains("burst after failover");
    }

    private static List<String> notifiedNames() {
        List<String> names = new ArrayList<>();
        for (String post : webhook.posts("/failover")) {
            JsonNode n = JSON.readTree(post);
            n.get("alerts").forEach(alert -> names.add(alert.get("labels").get("alertname").asString()));
        }
        return names;
    }

    private static AlertRule createRule(String name) {
        return createRuleOn(a, name);
    }

    private static AlertRule createRuleOn(ConfigurableApplicationContext instance, String name) {
        return http(instance).post().uri("/api/v1/alert-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", TENANT, "name", name, "query", "{level=\"ERROR\"}", "threshold", 0, "windowSeconds", 60,
                        "webhookUrl", webhook.url("/rule-webhook-unused")))
                .exchange().expectStatus().isCreated()
                .expectBody(AlertRule.class).returnResult().getResponseBody();
    }

    private static void report(ConfigurableApplicationContext instance, AlertRule rule) throws InterruptedException {
        int port = instance.getBean(GrpcServerLifecycle.class).getPort();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            AlertIntakeGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).report(FindingsBatch.newBuilder()
                    .setBatchId("entry-" + UUID.randomUUID())
                    .addMatches(MatchCount.newBuilder().setRuleId(rule.id()).setBucketStartMillis(System.currentTimeMillis() / 1000 * 1000)
                            .setCount(1))
                    .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static WebTestClient http(ConfigurableApplicationContext instance) {
        return TenantKeys.client(instance, Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")), TENANT);
    }

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(AlertApplication.class, OwnNettyResources.class).properties(
                        "server.port=0",
                        "spring.grpc.server.port=0",
                        "sluice.alert.evaluation-interval=200ms",
                        "sluice.alert.route.flush-interval=100ms",
                        "sluice.mysql.url=mysql://root@127.0.0.1:3306/" + DATABASE,
                        "sluice.redis.url=redis://127.0.0.1:6379",
                        "sluice.redis.key-prefix=" + PREFIX)
                .run();
    }

    /**
     * Reactor Netty's event loops for this instance alone: by default every context in the JVM
     * shares the global ones and closing one instance would stop the other's HTTP server — a
     * separate process would not share them either.
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }
}
