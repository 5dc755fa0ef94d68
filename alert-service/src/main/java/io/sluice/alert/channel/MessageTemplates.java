package io.sluice.alert.channel;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import io.sluice.alert.notify.Notification;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders channel message templates: logic-less Mustache (jmustache) over a model of maps and
 * lists only. Safe for templates written by users: the collector reads map keys and list items and
 * never calls a Java method, partials ({@code {{> name}}}) are refused (no file is ever read), nothing is HTML-escaped
 * (messages are text; JSON bodies are built by Jackson), and a missing key renders empty.
 *
 * <p>The model is Alertmanager's webhook message ({@link AlertmanagerBody}: {@code status},
 * {@code receiver}, {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations},
 * {@code alerts} with {@code labels}, {@code annotations}, {@code startsAt}, {@code endsAt},
 * {@code fingerprint}) plus {@code tenant}, {@code title}, {@code STATUS} (upper case),
 * {@code firing} and {@code resolved} (the alerts split by status), {@code firingCount},
 * {@code resolvedCount}, and per alert {@code labelsText} ({@code k=v, …}), {@code valueText}.
 */
public class MessageTemplates {

    /** Longest template accepted. */
    public static final int MAX_TEMPLATE = 16_000;

    /** The default for text channels (e-mail, Slack, Feishu). */
    static final String DEFAULT_TEXT = """
            {{title}}
            {{#firing}}
            [FIRING] {{labels.alertname}}{{#annotations.summary}}: {{annotations.summary}}{{/annotations.summary}}
              labels: {{labelsText}}
              since: {{startsAt}}{{#valueText}}, value: {{valueText}}{{/valueText}}
            {{/firing}}
            {{#resolved}}
            [RESOLVED] {{labels.alertname}}{{#annotations.summary}}: {{annotations.summary}}{{/annotations.summary}}
              labels: {{labelsText}}
              from {{startsAt}} to {{endsAt}}
            {{/resolved}}
            """;

    /** The default for Markdown robots (DingTalk, WeCom). */
    static final String DEFAULT_MARKDOWN = """
            ### {{title}}
            {{#firing}}
            - **[FIRING] {{labels.alertname}}**{{#annotations.summary}}: {{annotations.summary}}{{/annotations.summary}}
              ({{labelsText}}) since {{startsAt}}{{#valueText}}, value {{valueText}}{{/valueText}}
            {{/firing}}
            {{#resolved}}
            - **[RESOLVED] {{labels.alertname}}**{{#annotations.summary}}: {{annotations.summary}}{{/annotations.summary}}
              ({{labelsText}}) {{startsAt}} → {{endsAt}}
            {{/resolved}}
            """;

    private static final Pattern PARTIAL_OR_DELIMITER = Pattern.compile("\\{\\{\\s*[>=]");

    private final Mustache.Compiler compiler = Mustache.compiler()
            .escapeHTML(false)
            .defaultValue("")
            .emptyStringIsFalse(true)
            .zeroIsFalse(true)
            .withLoader(name -> {
                throw new MustacheException("partials ({{> " + name + "}}) are not supported");
            })
            .withCollector(new BasicCollector() {
                @Override
                public <K, V> Map<K, V> createFetcherCache() {
                    return new ConcurrentHashMap<>();
                }
            });
    private final String externalUrl;

    /** Renders with {@code externalUrl} as the model's {@code externalURL}. */
    public MessageTemplates(String externalUrl) {
        this.externalUrl = externalUrl;
    }

    /** Null when {@code template} compiles, else what is wrong with it. */
    public String problem(String template) {
        if (template.length() > MAX_TEMPLATE) {
            return "must be at most " + MAX_TEMPLATE + " characters";
        }
        if (PARTIAL_OR_DELIMITER.matcher(template).find()) {
            return "must not include partials ({{> name}}) or change delimiters ({{=<% %>=}})";
        }
        try {
            compiler.compile(template);
            return null;
        } catch (MustacheException e) {
            return "is not a valid Mustache template: " + e.getMessage();
        }
    }

    /** The message of {@code n} for {@code channel}: its template (or the type's default) rendered. */
    public Message message(Channel channel, Notification n) {
        String template = channel.template() == null || channel.template().isBlank() ? defaultTemplate(channel.type()) : channel.template();
        return new Message(n, title(n), render(template, channel, n).strip());
    }

    /** {@code template} rendered against the model of {@code n} for {@code channel}. */
    public String render(String template, Channel channel, Notification n) {
        return compiler.compile(template).execute(model(channel, n));
    }

    static String defaultTemplate(ChannelType type) {
        return type == ChannelType.DINGTALK || type == ChannelType.WECOM ? DEFAULT_MARKDOWN : DEFAULT_TEXT;
    }

    /**
     * Alertmanager's default title: {@code [FIRING:<firing alerts>]} or {@code [RESOLVED]}, the
     * group label values, and in parentheses the values of the other common labels.
     */
    static String title(Notification n) {
        long firing = n.alerts().stream().filter(a -> a.status() == Notification.Status.FIRING).count();
        StringBuilder title = new StringBuilder("[").append(n.status().wire().toUpperCase(java.util.Locale.ROOT));
        if (n.status() == Notification.Status.FIRING) {
            title.append(':').append(firing);
        }
        title.append(']');
        String group = String.join(" ", new TreeMap<>(n.groupLabels()).values());
        if (!group.isEmpty()) {
            title.append(' ').append(group);
        }
        Map<String, String> rest = new TreeMap<>(n.commonLabels());
        rest.keySet().removeAll(n.groupLabels().keySet());
        if (!rest.isEmpty()) {
            title.append(" (").append(String.join(" ", rest.values())).append(')');
        }
        return title.toString();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> model(Channel channel, Notification n) {
        Map<String, Object> model = new LinkedHashMap<>(AlertmanagerBody.of(n, externalUrl));
        List<Map<String, Object>> alerts = new ArrayList<>();
        List<Map<String, Object>> firing = new ArrayList<>();
        List<Map<String, Object>> resolved = new ArrayList<>();
        List<Notification.Alert> source = n.alerts();
        List<Map<String, Object>> wire = (List<Map<String, Object>>) model.get("alerts");
        for (int i = 0; i < source.size(); i++) {
            Map<String, Object> alert = new LinkedHashMap<>(wire.get(i));
            Notification.Alert a = source.get(i);
            alert.put("labelsText", new TreeMap<>(a.labels()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
            alert.put("valueText", a.value() == null ? "" : valueText(a.value()));
            alerts.add(alert);
            (a.status() == Notification.Status.FIRING ? firing : resolved).add(alert);
        }
        model.put("alerts", alerts);
        model.put("firing", firing);
        model.put("resolved", resolved);
        model.put("firingCount", firing.size());
        model.put("resolvedCount", resolved.size());
        model.put("tenant", channel.tenant());
        model.put("channel", channel.name());
        model.put("title", title(n));
        model.put("STATUS", n.status().wire().toUpperCase(java.util.Locale.ROOT));
        return model;
    }

    private static String valueText(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
