package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 2, must-show 4: the rule "more than 100 ERROR events in 1 minute" fires once when 150 ERROR
 * events arrive through ingest → buffer → analytics → gRPC → alert-service; the firing is stored
 * and the webhook (a real local HTTP server) receives exactly one POST.
 */
class ErrorBurstAlertEndToEndTest {

    private static Cluster cluster;

    @BeforeAll
    static void startServices() {
        cluster = new Cluster().start();
    }

    @AfterAll
    static void stopServices() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void moreThanHundredErrorsInAMinuteFiresOnceAndPostsTheWebhookOnce() {
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            String alertUrl = cluster.baseUrl(cluster.alert);
            Http.Response created = Http.post(alertUrl + "/api/v1/alert-rules", "application/json", """
                    {"name":"error burst","query":"{level=\\"ERROR\\"}","threshold":100,"windowSeconds":60,"webhookUrl":"%s"}
                    """.formatted(webhook.url()), cluster.apiKey);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long ruleId = created.json().get("id").asLong();
            awaitAnalyticsKnowsRule(ruleId);

            String ingestUrl = cluster.baseUrl(cluster.ingest) + "/api/v1/logs";
            for (int batch = 0; batch < 3; batch++) {
                StringBuilder ndjson = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    ndjson.append("""
                            {"timestamp":%d,"service":"checkout","host":"web-1","level":"ERROR","message":"payment gateway timeout #%d"}
                            """.formatted(Instant.now().toEpochMilli(), batch * 50 + i));
                    ndjson.append("{\"timestamp\":").append(Instant.now().toEpochMilli())
                            .append(",\"service\":\"checkout\",\"host\":\"web-1\",\"level\":\"INFO\",\"message\":\"ok\"}\n");
                }
                Http.Response r = Http.post(ingestUrl, "application/x-ndjson", ndjson.toString(), cluster.apiKey);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("accepted").asInt()).isEqualTo(100);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> webhook.bodies().size() >= 1);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> webhook.bodies().size() == 1);

            JsonNode body = Http.JSON.readTree(webhook.bodies().get(0));
            assertThat(body.get("status").asString()).isEqualTo("firing");
            assertThat(body.get("rule").get("id").asLong()).isEqualTo(ruleId);
            assertThat(body.get("firing").get("observedCount").asLong()).isGreaterThan(100);

            assertThat(cluster.sql("SELECT COUNT(*) FROM alert_firing WHERE rule_id = " + ruleId)).isEqualTo(1);
            JsonNode firings = Http.get(alertUrl + "/api/v1/alert-firings?ruleId=" + ruleId, cluster.apiKey).json().get("firings");
            assertThat(firings.size()).isEqualTo(1);
            assertThat(firings.get(0).get("notifyStatus").asString()).isEqualTo("SENT");
        }
    }

    /** Analytics refreshes the rule set every 500 ms here; wait until it reports knowing this rule. */
    private void awaitAnalyticsKnowsRule(long ruleId) {
        String metrics = cluster.baseUrl(cluster.analytics) + "/actuator/prometheus";
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Http.Response r = Http.get(metrics);
            return r.status() == 200 && r.body().lines()
                    .filter(l -> l.startsWith("sluice_analytics_matchers"))
                    .anyMatch(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1);
        });
    }
}
