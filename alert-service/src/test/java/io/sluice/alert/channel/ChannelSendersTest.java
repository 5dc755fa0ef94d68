package io.sluice.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.alert.channel.RecordingHttpServer.Reply;
import io.sluice.alert.channel.RecordingHttpServer.Request;
import io.sluice.alert.notify.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each HTTP channel type against a real local HTTP server: the exact body it POSTs, its signature
 * (checked against vectors computed outside Java), and how it reads the answer.
 */
class ChannelSendersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RecordingHttpServer SERVER = new RecordingHttpServer();
    /** 2023-11-14T22:13:20Z: the time the signature vectors below were computed for. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    /** Generous: the machine is shared and slow; timeouts are not what these tests are about. */
    private static final HttpDelivery HTTP = new HttpDelivery(WebClient.create(), Duration.ofSeconds(30));

    static final Notification NOTIFICATION = new Notification("ops", Notification.Status.FIRING,
            "{}:{alertname=\"HighErrorRate\"}",
            Map.of("alertname", "HighErrorRate"),
            Map.of("alertname", "HighErrorRate", "tenant", "acme"),
            Map.of("runbook", "https://runbooks.example/errors"),
            List.of(new Notification.Alert(Map.of("alertname", "HighErrorRate", "service", "checkout", "tenant", "acme"),
                            Map.of("summary", "checkout: 153 errors in 1m"), Instant.parse("2026-11-25T09:00:00Z"), null, "a1b2c3", 153.0),
                    new Notification.Alert(Map.of("alertname", "HighErrorRate", "service", "cart", "tenant", "acme"),
                            Map.of(), Instant.parse("2026-11-25T08:00:00Z"), Instant.parse("2026-11-25T08:30:00Z"), "d4e5f6", null)));
    private static final Message MESSAGE = new Message(NOTIFICATION, "[FIRING:1] HighErrorRate (acme)", "line one\nline two 中文");

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void theGenericWebhookPostsAlertmanagersJsonWithItsHeaders() {
        Channel channel = channel(ChannelType.WEBHOOK, Map.of("url", SERVER.url("/hook"), "headers", Map.of("Authorization", "Bearer t0k")));

        StepVerifier.create(new WebhookSender(HTTP, "https://sluice.example").send(channel, MESSAGE)).verifyComplete();

        Request r = only("/hook");
        assertThat(r.header("Authorization")).isEqualTo("Bearer t0k");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(json(r.body())).isEqualTo(json("""
                {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","truncatedAlerts":0,"status":"firing","receiver":"ops",
                 "groupLabels":{"alertname":"HighErrorRate"},
                 "commonLabels":{"alertname":"HighErrorRate","tenant":"acme"},
                 "commonAnnotations":{"runbook":"https://runbooks.example/errors"},
                 "externalURL":"https://sluice.example",
                 "alerts":[
                  {"status":"firing","labels":{"alertname":"HighErrorRate","service":"checkout","tenant":"acme"},
                   "annotations":{"summary":"checkout: 153 errors in 1m"},"startsAt":"2026-11-25T09:00:00Z",
                   "endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"a1b2c3","value":153.0},
                  {"status":"resolved","labels":{"alertname":"HighErrorRate","service":"cart","tenant":"acme"},
                   "annotations":{},"startsAt":"2026-11-25T08:00:00Z","endsAt":"2026-11-25T08:30:00Z","generatorURL":"","fingerprint":"d4e5f6"}]}
                """));
    }

    @Test
    void slackGetsTheRenderedTextAsAnIncomingWebhookMessage() {
        Channel channel = channel(ChannelType.SLACK, Map.of("url", SERVER.url("/services/T000/B000/XXXX"), "channel", "#ops"));
        SERVER.answer("/services/T000/B000/XXXX", new Reply(200, "ok"));

        StepVerifier.create(new SlackSender(HTTP).send(channel, MESSAGE)).verifyComplete();

        assertThat(json(only("/services/T000/B000/XXXX").body())).isEqualTo(json("""
                {"text":"line one\\nline two 中文","channel":"#ops"}"""));
    }

    @Test
    void dingTalkSignsTheUrlWithHmacSha256AndPostsMarkdown() {
        Channel channel = channel(ChannelType.DINGTALK, Map.of("url", SERVER.url("/robot/send?access_token=abc"), "secret", "SECabc123",
                "atMobiles", List.of("13800000000")));
        SERVER.answer("/robot/send", new Reply(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));

        StepVerifier.create(new DingTalkSender(HTTP, CLOCK).send(channel, MESSAGE)).verifyComplete();

        Request r = only("/robot/send");
        assertThat(r.rawQuery()).isEqualTo("access_token=abc&timestamp=1700000000000&sign=N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D");
        assertThat(json(r.body())).isEqualTo(json("""
                {"msgtype":"markdown","markdown":{"title":"[FIRING:1] HighErrorRate (acme)","text":"line one\\nline two 中文"},
                 "at":{"atMobiles":["13800000000"],"isAtAll":false}}"""));
    }

    @Test
    void dingTalkWithoutSecretSendsTheUrlUnchanged() {
        Channel channel = channel(ChannelType.DINGTALK, Map.of("url", SERVER.url("/robot/plain?access_token=abc")));
        SERVER.answer("/robot/plain", new Reply(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));

        StepVerifier.create(new DingTalkSender(HTTP, CLOCK).send(channel, MESSAGE)).verifyComplete();

        assertThat(only("/robot/plain").rawQuery()).isEqualTo("access_token=abc");
    }

    @Test
    void weComPostsMarkdownContent() {
        Channel channel = channel(ChannelType.WECOM, Map.of("url", SERVER.url("/cgi-bin/webhook/send?key=k-1")));
        SERVER.answer("/cgi-bin/webhook/send", new Reply(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));

        StepVerifier.create(new WeComSender(HTTP).send(channel, MESSAGE)).verifyComplete();

        Request r = only("/cgi-bin/webhook/send");
        assertThat(r.rawQuery()).isEqualTo("key=k-1");
        assertThat(json(r.body())).isEqualTo(json("""
                {"msgtype":"markdown","markdown":{"content":"line one\\nline two 中文"}}"""));
    }

    @Test
    void feishuSignsTheBodyWithTimestampAndSign() {
        Channel channel = channel(ChannelType.FEISHU, Map.of("url", SERVER.url("/open-apis/bot/v2/hook/h-1"), "secret", "feishu-secret"));
        SERVER.answer("/open-apis/bot/v2/hook/h-1", new Reply(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}"));

        StepVerifier.create(new FeishuSender(HTTP, CLOCK).send(channel, MESSAGE)).verifyComplete();

        assertThat(json(only("/open-apis/bot/v2/hook/h-1").body())).isEqualTo(json("""
                {"timestamp":"1700000000","sign":"OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=",
                 "msg_type":"text","content":{"text":"line one\\nline two 中文"}}"""));
    }

    @Test
    void aRobotsRateLimitCodeIsRetryableAndOtherCodesAreNot() {
        SERVER.script("/robot/limited", new Reply(200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}"),
                new Reply(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        Channel channel = channel(ChannelType.DINGTALK, Map.of("url", SERVER.url("/robot/limited?access_token=x")));
        DingTalkSender sender = new DingTalkSender(HTTP, CLOCK);

        StepVerifier.create(sender.send(channel, MESSAGE)).verifyErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(DeliveryException.class).hasMessage("DingTalk error 130101: send too fast");
            assertThat(((DeliveryException) e).retryable()).isTrue();
        });
        StepVerifier.create(sender.send(channel, MESSAGE)).verifyErrorSatisfies(e -> {
            assertThat(e).hasMessage("DingTalk error 310000: sign not match");
            assertThat(((DeliveryException) e).retryable()).isFalse();
        });
    }

    @Test
    void serverErrorsAreRetryableAndClientErrorsAreNot() {
        SERVER.script("/status", new Reply(503, "busy"), new Reply(429, ""), new Reply(404, "no_service"));
        Channel channel = channel(ChannelType.SLACK, Map.of("url", SERVER.url("/status")));
        SlackSender sender = new SlackSender(HTTP);

        assertFailure(sender.send(channel, MESSAGE), "HTTP 503: busy", true);
        assertFailure(sender.send(channel, MESSAGE), "HTTP 429", true);
        assertFailure(sender.send(channel, MESSAGE), "HTTP 404: no_service", false);
    }

    @Test
    void anUnreachableServerIsRetryable() {
        Channel channel = channel(ChannelType.WEBHOOK, Map.of("url", "http://127.0.0.1:1/nothing-listens"));

        StepVerifier.create(new WebhookSender(HTTP, "").send(channel, MESSAGE)).verifyErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(DeliveryException.class).hasMessageStartingWith("cannot reach 127.0.0.1");
            assertThat(((DeliveryException) e).retryable()).isTrue();
        });
    }

    private static void assertFailure(Mono<Void> attempt, String message, boolean retryable) {
        StepVerifier.create(attempt).verifyErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(DeliveryException.class).hasMessage(message);
            assertThat(((DeliveryException) e).retryable()).isEqualTo(retryable);
        });
    }

    static Channel channel(ChannelType type, Map<String, Object> settings) {
        return new Channel(1, "acme", "ops", type, new LinkedHashMap<>(settings), null, 0, 0);
    }

    private static Request only(String path) {
        List<Request> requests = SERVER.requests(path);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).method()).isEqualTo("POST");
        return requests.get(0);
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }
}
