package io.sluice.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;

/** Validation of channel definitions: common fields, each type's settings, templates. */
class ChannelValidatorTest {

    private static final MessageTemplates TEMPLATES = new MessageTemplates("");
    private static final HttpDelivery HTTP = new HttpDelivery(WebClient.create(), Duration.ofSeconds(1));
    private final ChannelValidator validator = new ChannelValidator(new ChannelSenders(List.of(
            new WebhookSender(HTTP, ""), new EmailSender(TEMPLATES, Duration.ofSeconds(1), Schedulers.boundedElastic(), Clock.systemUTC()),
            new SlackSender(HTTP), new DingTalkSender(HTTP, Clock.systemUTC()), new WeComSender(HTTP), new FeishuSender(HTTP, Clock.systemUTC())))
            .byType(), TEMPLATES);

    @Test
    void aValidChannelGetsTheDefaultTenantAndTrimmedName() {
        ChannelDraft d = validator.validate(new ChannelRequest(null, " ops ", "Slack", Map.of("url", "https://hooks.slack.com/services/T/B/X"), " "));

        assertThat(d).isEqualTo(new ChannelDraft("default", "ops", ChannelType.SLACK, Map.of("url", "https://hooks.slack.com/services/T/B/X"), null));
    }

    @Test
    void everyInvalidCommonFieldIsNamed() {
        assertThat(fields(new ChannelRequest("a b", "", "pager", Map.of(), null)))
                .containsEntry("tenant", "must be 1 to 64 characters without spaces or ':'")
                .containsEntry("name", "must not be blank")
                .containsEntry("type", "must be one of webhook, email, slack, dingtalk, wecom, feishu");
        assertThat(fields(null)).containsKey("body");
        assertThat(fields(new ChannelRequest(null, "https://x.example/hook", "webhook", Map.of("url", "https://x.example/hook"), null)))
                .containsOnlyKeys("name");
    }

    @Test
    void httpTypesNeedAnAbsoluteHttpUrl() {
        for (String type : List.of("webhook", "slack", "dingtalk", "wecom", "feishu")) {
            assertThat(fields(new ChannelRequest(null, "x", type, Map.of(), null))).as(type)
                    .containsEntry("settings.url", "is required: an absolute http or https URL");
            assertThat(fields(new ChannelRequest(null, "x", type, Map.of("url", "ftp://files.example/x"), null))).as(type)
                    .containsEntry("settings.url", "must be an absolute http or https URL with a host");
        }
    }

    @Test
    void typeSpecificSettingsAreChecked() {
        assertThat(fields(new ChannelRequest(null, "x", "dingtalk", Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=a", "secret", "abc"), null)))
                .containsOnly(Map.entry("settings.secret", "must be the robot's signing secret, which starts with SEC"));
        assertThat(fields(new ChannelRequest(null, "x", "webhook", Map.of("url", "https://x.example", "headers", "Authorization: x"), null)))
                .containsOnly(Map.entry("settings.headers", "must be an object of header name → value"));
        assertThat(fields(new ChannelRequest(null, "x", "email", Map.of("port", 70000, "from", "not an address", "password", "p",
                "subject", "{{#x}}"), null)))
                .containsOnlyKeys("settings.host", "settings.port", "settings.from", "settings.to", "settings.username", "settings.subject");
        assertThat(fields(new ChannelRequest(null, "x", "email", Map.of("host", "smtp.example", "from", "a@example.com",
                "to", List.of("b@example.com", "nope")), null)))
                .containsOnly(Map.entry("settings.to", "not a valid e-mail address: nope"));
    }

    @Test
    void templatesMustCompileAndDoNotApplyToTheGenericWebhook() {
        assertThat(fields(new ChannelRequest(null, "x", "wecom", Map.of("url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"),
                "{{#alerts}}unclosed"))).containsOnlyKeys("template");
        assertThat(fields(new ChannelRequest(null, "x", "webhook", Map.of("url", "https://x.example"), "{{title}}")))
                .containsOnlyKeys("template");
    }

    private Map<String, String> fields(ChannelRequest request) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> validator.validate(request)).isInstanceOfSatisfying(ChannelValidationException.class, e -> thrown[0] = e);
        return ((ChannelValidationException) thrown[0]).fields();
    }
}
