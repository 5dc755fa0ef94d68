package io.sluice.alert.channel;

import java.net.URI;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The generic webhook: POSTs Alertmanager's webhook JSON (version 4) to {@code settings.url}, with
 * optional extra {@code settings.headers} (e.g. {@code Authorization}). The body is fixed so that
 * receivers written for Alertmanager work unchanged; the message template does not apply.
 */
public class WebhookSender implements ChannelSender {

    private final HttpDelivery http;
    private final String externalUrl;

    /** Posts through {@code http}; {@code externalUrl} is the body's {@code externalURL}. */
    public WebhookSender(HttpDelivery http, String externalUrl) {
        this.http = http;
        this.externalUrl = externalUrl;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public void validate(Map<String, Object> settings, Map<String, String> errors) {
        HttpDelivery.requireUrl(settings, errors);
        Object headers = settings.get("headers");
        if (headers != null && !(headers instanceof Map<?, ?>)) {
            errors.put("settings.headers", "must be an object of header name → value");
        }
    }

    @Override
    public Mono<Void> send(Channel channel, Message message) {
        URI uri = URI.create(ChannelSettings.string(channel.settings(), "url"));
        return http.post(uri, ChannelSettings.stringMap(channel.settings(), "headers"), AlertmanagerBody.of(message.notification(), externalUrl))
                .then();
    }
}
