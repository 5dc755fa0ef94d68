package io.sluice.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.samskivert.mustache.MustacheException;

import io.sluice.alert.notify.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message templates: the defaults, custom templates over the Alertmanager model, and what templates cannot do. */
class MessageTemplatesTest {

    private final MessageTemplates templates = new MessageTemplates("https://sluice.example");

    @Test
    void theDefaultTextListsFiringThenResolvedAlerts() {
        Message m = templates.message(channel(ChannelType.SLACK, null), ChannelSendersTest.NOTIFICATION);

        assertThat(m.title()).isEqualTo("[FIRING:1] HighErrorRate (acme)");
        assertThat(m.text()).isEqualTo("""
                [FIRING:1] HighErrorRate (acme)
                [FIRING] HighErrorRate: checkout: 153 errors in 1m
                  labels: alertname=HighErrorRate, service=checkout, tenant=acme
                  since: 2026-11-25T09:00:00Z, value: 153
                [RESOLVED] HighErrorRate
                  labels: alertname=HighErrorRate, service=cart, tenant=acme
                  from 2026-11-25T08:00:00Z to 2026-11-25T08:30:00Z""");
    }

    @Test
    void theMarkdownRobotsGetAMarkdownDefault() {
        Message m = templates.message(channel(ChannelType.DINGTALK, null), ChannelSendersTest.NOTIFICATION);

        assertThat(m.text()).startsWith("### [FIRING:1] HighErrorRate (acme)\n- **[FIRING] HighErrorRate**: checkout: 153 errors in 1m");
    }

    @Test
    void aCustomTemplateReadsLabelsAnnotationsAndLoopsOverAlerts() {
        String template = "{{STATUS}} {{receiver}}/{{tenant}} {{firingCount}}+{{resolvedCount}}"
                + "{{#alerts}} | {{labels.service}}={{status}}{{#valueText}} ({{valueText}}){{/valueText}}{{/alerts}}"
                + " | {{commonAnnotations.runbook}} | {{externalURL}}";

        Message m = templates.message(channel(ChannelType.FEISHU, template), ChannelSendersTest.NOTIFICATION);

        assertThat(m.text()).isEqualTo("FIRING ops/acme 1+1 | checkout=firing (153) | cart=resolved"
                + " | https://runbooks.example/errors | https://sluice.example");
    }

    @Test
    void missingKeysRenderEmptyAndNothingIsHtmlEscaped() {
        Notification n = new Notification("ops", Notification.Status.RESOLVED, "", Map.of(), Map.of("q", "a<b & \"c\""), Map.of(),
                List.of(new Notification.Alert(Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH, "f", null)));

        String text = templates.render("[{{commonLabels.nope}}]{{commonLabels.q}}{{#firing}}never{{/firing}}", channel(ChannelType.SLACK, null), n);

        assertThat(text).isEqualTo("[]a<b & \"c\"");
    }

    @Test
    void templatesCannotCallJavaMethodsOrLoadPartials() {
        Channel channel = channel(ChannelType.SLACK, null);

        assertThat(templates.render("{{title.class}}{{title.bytes}}{{receiver.length}}{{alerts.size}}", channel, ChannelSendersTest.NOTIFICATION))
                .isEmpty();
        assertThat(templates.problem("{{> /etc/passwd}}")).startsWith("must not include partials");
        assertThat(templates.problem("{{=<% %>=}}<%> /etc/passwd%>")).startsWith("must not include partials");
        assertThatThrownBy(() -> templates.render("{{ > /etc/passwd}}", channel, ChannelSendersTest.NOTIFICATION))
                .as("refused when rendered too").isInstanceOf(MustacheException.class).hasMessageContaining("not supported");
    }

    @Test
    void anUnclosedSectionIsReportedAsAProblem() {
        assertThat(templates.problem("{{#alerts}}{{labels.service}}")).startsWith("is not a valid Mustache template");
        assertThat(templates.problem("{{title}}")).isNull();
        assertThat(templates.problem("x".repeat(MessageTemplates.MAX_TEMPLATE + 1))).isEqualTo("must be at most 16000 characters");
    }

    private static Channel channel(ChannelType type, String template) {
        return new Channel(1, "acme", "ops", type, Map.of(), template, 0, 0);
    }
}
