package io.sluice.alert.channel;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * WeCom (企业微信) group robot: POSTs {@code {"msgtype":"markdown","markdown":{"content":…}}} to
 * {@code settings.url} ({@code …/cgi-bin/webhook/send?key=…}); the key in the URL is its only
 * credential (WeCom robots have no signature). Answer {@code errcode} 45009 (frequency limit) is retried.
 */
public class WeComSender implements ChannelSender {

    /** WeCom refuses markdown content over 4,096 bytes. */
    static final int MAX_BYTES = 4096;
    private static final Set<Long> RATE_LIMITED = Set.of(45009L);

    private final HttpDelivery http;

    /** Posts through {@code http}. */
    public WeComSender(HttpDelivery http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WECOM;
    }

    @Override
    public void validate(Map<String, Object> settings, Map<String, String> errors) {
        HttpDelivery.requireUrl(settings, errors);
    }

    @Override
    public Mono<Void> send(Channel channel, Message message) {
        Map<String, Object> body = Map.of("msgtype", "markdown", "markdown", Map.of("content", Texts.cutUtf8(message.text(), MAX_BYTES)));
        return Mono.defer(() -> http.post(URI.create(ChannelSettings.string(channel.settings(), "url")), Map.of(), body))
                .doOnNext(reply -> RobotReply.check("WeCom", reply, RATE_LIMITED))
                .then();
    }
}
