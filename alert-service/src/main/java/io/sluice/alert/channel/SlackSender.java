package io.sluice.alert.channel;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Slack incoming webhook: POSTs {@code {"text": …}} (mrkdwn) to {@code settings.url}, with optional
 * {@code settings.channel} and {@code settings.username} overrides. Slack answers 200 {@code ok},
 * or 4xx with a reason ({@code invalid_payload}, {@code no_service}) that retrying cannot fix.
 */
public class SlackSender implements ChannelSender {

    /** Slack truncates longer messages; we cut first so the cut is visible. */
    static final int MAX_TEXT = 40_000;

    private final HttpDelivery http;

    /** Posts through {@code http}. */
    public SlackSender(HttpDelivery http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public void validate(Map<String, Object> settings, Map<String, String> errors) {
        HttpDelivery.requireUrl(settings, errors);
    }

    @Override
    public Mono<Void> send(Channel channel, Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", Texts.cutChars(message.text(), MAX_TEXT));
        String slackChannel = ChannelSettings.string(channel.settings(), "channel");
        if (slackChannel != null) {
            body.put("channel", slackChannel);
        }
        String username = ChannelSettings.string(channel.settings(), "username");
        if (username != null) {
            body.put("username", username);
        }
        return http.post(URI.create(ChannelSettings.string(channel.settings(), "url")), Map.of(), body).then();
    }
}
