package io.sluice.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.sluice.alert.AlertApplication;
import io.sluice.alert.TenantKeys;
import io.sluice.alert.channel.RecordingHttpServer.Reply;
import io.sluice.alert.notify.DeliveryResult;
import io.sluice.alert.notify.Notification;
import io.sluice.alert.notify.NotificationDispatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Channels end to end inside alert-service: the channel API and the notification history over
 * HTTP, channels and history in the real MariaDB, the dispatcher's retries against a real local
 * HTTP server, and the e-mail channel to a real SMTP server (GreenMail).
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "sluice.alert.channel.max-attempts=3",
        "sluice.alert.channel.backoff=20ms",
        "sluice.alert.channel.max-backoff=100ms",
        "sluice.alert.channel.timeout=20s",
        "sluice.alert.channel.external-url=https://sluice.example",
        "sluice.alert.channel.redelivery-after=41s",
        "sluice.alert.channel.redelivery-interval=300ms"})
@DirtiesContext
@Import(ChannelApiTest.Cleanup.class)
class ChannelApiTest {

    private static final String DATABASE = "h_channels_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final RecordingHttpServer SERVER = new RecordingHttpServer();
    private static final GreenMail SMTP = startSmtp();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int httpPort;

    @Autowired
    NotificationDispatcher dispatcher;

    @Autowired
    NotificationHistory history;

    @Autowired
    ChannelRepository channels;

    @Autowired
    ApplicationContext context;

    WebTestClient http;
    String tenant;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.redis.url", () -> "redis://127.0.0.1:6379");
        registry.add("sluice.redis.key-prefix", () -> "h_channels:" + UUID.randomUUID() + ":");
    }

    @BeforeEach
    void connect() {
        tenant = "h-channels-" + UUID.randomUUID().toString().substring(0, 8);
        http = TenantKeys.client(context, httpPort, tenant);
    }

    @Test
    void channelsAreCreatedReadUpdatedAndDeletedWithSecretsMasked() throws Exception {
        JsonNode created = create(Map.of("tenant", tenant, "name", "dev-robot", "type", "dingtalk",
                "settings", Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=t", "secret", "SECkeep-me")));
        long id = created.get("id").asLong();
        assertThat(created.get("type").asString()).isEqualTo("dingtalk");
        assertThat(created.get("settings").get("secret").asString()).isEqualTo("******");

        http.get().uri("/api/v1/alert/channels?tenant={t}", tenant).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.channels.length()").isEqualTo(1)
                .jsonPath("$.channels[0].name").isEqualTo("dev-robot")
                .jsonPath("$.channels[0].settings.secret").isEqualTo("******");

        http.put().uri("/api/v1/alert/channels/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", "ops-robot", "type", "dingtalk", "template", "{{title}}",
                        "settings", Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=t2", "secret", "******")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("ops-robot")
                .jsonPath("$.template").isEqualTo("{{title}}")
                .jsonPath("$.settings.url").isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=t2");
        assertThat(storedSettings(id)).as("a masked secret keeps the stored one")
                .contains("\"secret\":\"SECkeep-me\"").contains("access_token=t2");

        http.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", "ops-robot", "type", "slack", "settings", Map.of("url", "https://hooks.slack.com/x")))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo("tenant " + tenant + " already has a channel named 'ops-robot'");

        http.delete().uri("/api/v1/alert/channels/{id}", id).exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/alert/channels/{id}", id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("no channel with id " + id);
    }

    @Test
    void anInvalidChannelIsRefusedNamingEachField() {
        http.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", "", "type", "feishu", "settings", Map.of("url", "hooks.example.com/x"), "template", "{{#a}}"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid channel")
                .jsonPath("$.fields.name").isEqualTo("must not be blank")
                .jsonPath("$.fields['settings.url']").isEqualTo("must be an absolute http or https URL with a host")
                .jsonPath("$.fields.template").value(m -> assertThat((String) m).startsWith("is not a valid Mustache template"));
    }

    @Test
    void sendTestDeliversThroughTheChannelAndIsRecordedAsATest() {
        String path = "/open-apis/bot/v2/hook/" + tenant;
        SERVER.answer(path, new Reply(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}"));
        long id = create(Map.of("tenant", tenant, "name", "lark", "type", "feishu",
                "settings", Map.of("url", SERVER.url(path), "secret", "lark-secret"))).get("id").asLong();

        JsonNode result = body(http.post().uri("/api/v1/alert/channels/{id}/test", id).exchange().expectStatus().isOk());

        assertThat(result.get("status").asString()).isEqualTo("SENT");
        assertThat(result.get("attempts").asInt()).isEqualTo(1);
        JsonNode posted = JSON.readTree(SERVER.requests(path).get(0).body());
        long ts = Long.parseLong(posted.get("timestamp").asString());
        assertThat(ts).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
        assertThat(posted.get("sign").asString()).isEqualTo(RobotSigns.feishu("lark-secret", ts));
        assertThat(posted.get("msg_type").asString()).isEqualTo("text");
        assertThat(posted.get("content").get("text").asString()).startsWith("[FIRING:1] SluiceTestNotification (info)\n"
                + "[FIRING] SluiceTestNotification: Test notification from Sluice for channel lark");

        http.get().uri("/api/v1/alert/notifications?tenant={t}", tenant).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.notifications.length()").isEqualTo(1)
                .jsonPath("$.notifications[0].id").isEqualTo(result.get("notificationId").asLong())
                .jsonPath("$.notifications[0].channel").isEqualTo("lark")
                .jsonPath("$.notifications[0].channelType").isEqualTo("feishu")
                .jsonPath("$.notifications[0].status").isEqualTo("SENT")
                .jsonPath("$.notifications[0].test").isEqualTo(true)
                .jsonPath("$.notifications[0].finishedAt").isNumber();
    }

    @Test
    void sendTestOfAnEmailChannelDeliversAMailToTheSmtpServer() throws Exception {
        String to = tenant + "@acme.test";
        long id = create(Map.of("tenant", tenant, "name", "mail", "type", "email", "settings", Map.of("host", "127.0.0.1",
                "port", SMTP.getSmtp().getPort(), "from", "alerts@sluice.test", "to", List.of(to),
                "subject", "Sluice {{STATUS}}: {{commonLabels.alertname}}"))).get("id").asLong();

        http.post().uri("/api/v1/alert/channels/{id}/test", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SENT");

        var mails = SMTP.findReceivedMessages(u -> u.getEmail().equals(to), m -> true).toList();
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Sluice FIRING: SluiceTestNotification");
        assertThat((String) mails.get(0).getContent()).contains("Test notification from Sluice for channel mail");
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffThenSentAndEveryAttemptIsRecorded() {
        String path = "/hook/" + tenant;
        SERVER.script(path, new Reply(503, "busy"), new Reply(502, ""));
        create(Map.of("tenant", tenant, "name", "hook", "type", "webhook", "settings", Map.of("url", SERVER.url(path))));

        DeliveryResult result = dispatcher.dispatch(tenant, notification("hook")).block(Duration.ofSeconds(90));

        assertThat(result.status()).isEqualTo(DeliveryResult.Outcome.SENT);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(SERVER.requests(path)).hasSize(3).extracting(RecordingHttpServer.Request::body).containsOnly(SERVER.requests(path).get(0).body());
        JsonNode posted = JSON.readTree(SERVER.requests(path).get(0).body());
        assertThat(posted.get("receiver").asString()).isEqualTo("hook");
        assertThat(posted.get("externalURL").asString()).isEqualTo("https://sluice.example");
        assertThat(posted.get("alerts").get(0).get("labels").get("service").asString()).isEqualTo("checkout");

        JsonNode record = body(http.get().uri("/api/v1/alert/notifications/{id}", result.notificationId()).exchange().expectStatus().isOk());
        assertThat(record.get("status").asString()).isEqualTo("SENT");
        assertThat(record.get("attempts").asInt()).isEqualTo(3);
        assertThat(record.get("error").isNull()).isTrue();
        assertThat(record.get("groupStatus").asString()).isEqualTo("firing");
        assertThat(record.get("groupKey").asString()).isEqualTo("{}:{alertname=\"HighErrorRate\"}");
        assertThat(record.get("message").get("alerts").get(0).get("fingerprint").asString()).isEqualTo("fp-1");
        JsonNode log = record.get("attemptLog");
        assertThat(log).hasSize(3);
        assertThat(log.get(0).get("ok").asBoolean()).isFalse();
        assertThat(log.get(0).get("retryable").asBoolean()).isTrue();
        assertThat(log.get(0).get("error").asString()).isEqualTo("HTTP 503: busy");
        assertThat(log.get(1).get("error").asString()).isEqualTo("HTTP 502");
        assertThat(log.get(2).get("ok").asBoolean()).isTrue();
        assertThat(log.get(2).get("error").isNull()).isTrue();
        assertThat(log.get(1).get("startedAt").asLong() - log.get(0).get("startedAt").asLong()).as("backoff").isGreaterThanOrEqualTo(10);
    }

    @Test
    void whenEveryRetryFailsTheNotificationIsRecordedAsFailedAndListed() {
        String path = "/down/" + tenant;
        SERVER.answer(path, new Reply(500, "internal error"));
        create(Map.of("tenant", tenant, "name", "down", "type", "slack", "settings", Map.of("url", SERVER.url(path)),
                "template", "{{STATUS}} {{#alerts}}{{labels.service}}{{/alerts}}"));

        DeliveryResult result = dispatcher.dispatch(tenant, notification("down")).block(Duration.ofSeconds(90));

        assertThat(result.status()).isEqualTo(DeliveryResult.Outcome.FAILED);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.error()).isEqualTo("HTTP 500: internal error");
        assertThat(SERVER.requests(path)).hasSize(3);
        assertThat(JSON.readTree(SERVER.requests(path).get(0).body()).get("text").asString()).isEqualTo("FIRING checkout");
        http.get().uri("/api/v1/alert/notifications?tenant={t}&status=failed&channel=down", tenant).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.notifications.length()").isEqualTo(1)
                .jsonPath("$.notifications[0].id").isEqualTo(result.notificationId())
                .jsonPath("$.notifications[0].status").isEqualTo("FAILED")
                .jsonPath("$.notifications[0].attempts").isEqualTo(3)
                .jsonPath("$.notifications[0].error").isEqualTo("HTTP 500: internal error")
                .jsonPath("$.notifications[0].test").isEqualTo(false);
    }

    @Test
    void aRejectedMessageIsNotRetried() {
        String path = "/cgi-bin/webhook/send/" + tenant;
        SERVER.answer(path, new Reply(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
        create(Map.of("tenant", tenant, "name", "wecom", "type", "wecom", "settings", Map.of("url", SERVER.url(path + "?key=k"))));

        DeliveryResult result = dispatcher.dispatch(tenant, notification("wecom")).block(Duration.ofSeconds(90));

        assertThat(result.status()).isEqualTo(DeliveryResult.Outcome.FAILED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.error()).isEqualTo("WeCom error 93000: invalid webhook url");
        assertThat(SERVER.requests(path)).hasSize(1);
    }

    @Test
    void aNotificationForAnUnknownChannelIsRecordedAsFailedNotDropped() {
        DeliveryResult result = dispatcher.dispatch(tenant, notification("nobody")).block(Duration.ofSeconds(30));

        assertThat(result.status()).isEqualTo(DeliveryResult.Outcome.FAILED);
        assertThat(result.attempts()).isZero();
        assertThat(result.notificationId()).isNotNull();
        http.get().uri("/api/v1/alert/notifications?tenant={t}", tenant).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.notifications.length()").isEqualTo(1)
                .jsonPath("$.notifications[0].channel").isEqualTo("nobody")
                .jsonPath("$.notifications[0].channelId").isEmpty()
                .jsonPath("$.notifications[0].status").isEqualTo("FAILED")
                .jsonPath("$.notifications[0].error").isEqualTo("no channel named 'nobody' in tenant " + tenant);
    }

    @Test
    void aNotificationLeftPendingByAStoppedInstanceIsTakenOverAndDelivered() {
        String path = "/resume/" + tenant;
        long channelId = create(Map.of("tenant", tenant, "name", "resume", "type", "webhook", "settings", Map.of("url", SERVER.url(path))))
                .get("id").asLong();
        Channel channel = channels.findById(channelId).block(Duration.ofSeconds(30));
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        // Started with a live claim, so the redelivery sweep cannot take it before the attempt is
        // recorded; the attempt's own claim (ten minutes old) has expired, as a stopped instance's would.
        long id = history.start(tenant, channel, notification("resume"), false, System.currentTimeMillis(), null)
                .flatMap(n -> history.attempt(n, 1, tenMinutesAgo, 5, new DeliveryException("HTTP 503", true)).thenReturn(n))
                .block(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(SERVER.requests(path)).hasSize(1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/api/v1/alert/notifications/{id}", id).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("SENT")
                .jsonPath("$.attempts").isEqualTo(2)
                .jsonPath("$.attemptLog.length()").isEqualTo(2)
                .jsonPath("$.attemptLog[1].ok").isEqualTo(true));
        assertThat(JSON.readTree(SERVER.requests(path).get(0).body())).as("the stored message, resent as it was")
                .isEqualTo(JSON.readTree(JSON.writeValueAsString(AlertmanagerBody.of(notification("resume"), "https://sluice.example"))));
    }

    @Test
    void aPendingNotificationWhoseAttemptHadSucceededIsClosedWithoutSendingAgain() {
        String path = "/resumed-sent/" + tenant;
        long channelId = create(Map.of("tenant", tenant, "name", "resumed-sent", "type", "webhook", "settings", Map.of("url", SERVER.url(path))))
                .get("id").asLong();
        Channel channel = channels.findById(channelId).block(Duration.ofSeconds(30));
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        // Started with a live claim, so the redelivery sweep cannot take it before the attempt is
        // recorded; the attempt's own claim (ten minutes old) has expired, as a stopped instance's would.
        long id = history.start(tenant, channel, notification("resumed-sent"), false, System.currentTimeMillis(), null)
                .flatMap(n -> history.attempt(n, 1, tenMinutesAgo, 5, null).thenReturn(n))
                .block(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/api/v1/alert/notifications/{id}", id).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("SENT")
                .jsonPath("$.attempts").isEqualTo(1));
        assertThat(SERVER.requests(path)).isEmpty();
    }

    @Test
    void theHistoryRefusesAnUnknownStatusFilter() {
        http.get().uri("/api/v1/alert/notifications?status=LOST").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("status must be PENDING, SENT or FAILED");
    }

    private JsonNode create(Map<String, Object> body) {
        return body(http.post().uri("/api/v1/alert/channels").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated());
    }

    private static JsonNode body(WebTestClient.ResponseSpec spec) {
        return JSON.readTree(spec.expectBody(String.class).returnResult().getResponseBody());
    }

    private static Notification notification(String receiver) {
        return new Notification(receiver, Notification.Status.FIRING, "{}:{alertname=\"HighErrorRate\"}", Map.of("alertname", "HighErrorRate"),
                Map.of("alertname", "HighErrorRate"), Map.of(),
                List.of(new Notification.Alert(Map.of("alertname", "HighErrorRate", "service", "checkout"), Map.of("summary", "errors"),
                        Instant.parse("2026-11-25T09:00:00Z"), null, "fp-1", 42.0)));
    }

    private static String storedSettings(long id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT settings FROM alert_channel WHERE id = " + id)) {
            r.next();
            return r.getString(1);
        }
    }

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return smtp;
    }

    /** Drops the test's database and stops the local servers once the context has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean channelTestCleanup() {
            return () -> {
                SERVER.close();
                SMTP.stop();
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}
