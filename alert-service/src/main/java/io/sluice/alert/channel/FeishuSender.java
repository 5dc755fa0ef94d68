package io.sluice.alert.channel;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Feishu/Lark custom bot: POSTs {@code {"msg_type":"text","content":{"text":…}}} to
 * {@code settings.url} ({@code …/open-apis/bot/v2/hook/…}); with {@code settings.secret} (the
 * bot's "signature verification" setting) the body also carries {@code timestamp} (seconds, as a
 * string) and {@code sign} (see {@link RobotSigns#feishu}). Answer {@code code} 11232 or 9499
 * (frequency limited) is retried.
 */
public class FeishuSender implements ChannelSender {

    /** Feishu refuses request bodies over 20 KB; the text gets most of it. */
    static final int MAX_BYTES = 18_000;
    private static final Set<Long> RATE_LIMITED = Set.of(11232L, 9499L);

    private final HttpDelivery http;
    private final Clock clock;

    /** Posts through {@code http}; signs with {@code clock}'s time. */
    public FeishuSender(HttpDelivery http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.FEISHU;
    }

    @Override
    public void validate(Map<String, Object> settings, Map<String, String> errors) {
        HttpDelivery.requireUrl(settings, errors);
    }

    @Override
    public Mono<Void> send(Channel channel, Message message) {
        return Mono.defer(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            String secret = ChannelSettings.string(channel.settings(), "secret");
            if (secret != null) {
                long ts = clock.millis() / 1000;
                body.put("timestamp", Long.toString(ts));
                body.put("sign", RobotSigns.feishu(secret, ts));
            }
            body.put("msg_type", "text");
            body.put("content", Map.of("text", Texts.cutUtf8(message.text(), MAX_BYTES)));
            return http.post(URI.create(ChannelSettings.string(channel.settings(), "url")), Map.of(), body)
                    .doOnNext(reply -> RobotReply.check("Feishu", reply, RATE_LIMITED))
                    .then();
        });
    }
}
