package io.sluice.alert.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * DingTalk group robot: POSTs {@code {"msgtype":"markdown","markdown":{"title","text"}}} to the
 * robot's {@code settings.url} ({@code …/robot/send?access_token=…}). With {@code settings.secret}
 * (the robot's "加签" security setting) the URL gets {@code &timestamp=…&sign=…} (see
 * {@link RobotSigns#dingTalk}). Optional {@code settings.atMobiles} (list) and
 * {@code settings.atAll} mention people. DingTalk's answer {@code errcode} 130101 (too fast) is retried.
 */
public class DingTalkSender implements ChannelSender {

    /** DingTalk refuses messages over 20,000 bytes. */
    static final int MAX_BYTES = 20_000;
    private static final Set<Long> RATE_LIMITED = Set.of(130101L);

    private final HttpDelivery http;
    private final Clock clock;

    /** Posts through {@code http}; signs with {@code clock}'s time. */
    public DingTalkSender(HttpDelivery http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.DINGTALK;
    }

    @Override
    public void validate(Map<String, Object> settings, Map<String, String> errors) {
        HttpDelivery.requireUrl(settings, errors);
        String secret = ChannelSettings.string(settings, "secret");
        if (secret != null && !secret.startsWith("SEC")) {
            errors.put("settings.secret", "must be the robot's signing secret, which starts with SEC");
        }
    }

    @Override
    public Mono<Void> send(Channel channel, Message message) {
        return Mono.defer(() -> {
            Map<String, Object> s = channel.settings();
            String url = ChannelSettings.string(s, "url");
            String secret = ChannelSettings.string(s, "secret");
            if (secret != null) {
                long ts = clock.millis();
                url += (url.contains("?") ? "&" : "?") + "timestamp=" + ts + "&sign="
                        + URLEncoder.encode(RobotSigns.dingTalk(secret, ts), StandardCharsets.UTF_8);
            }
            Map<String, Object> body = Map.of(
                    "msgtype", "markdown",
                    "markdown", Map.of("title", message.title(), "text", Texts.cutUtf8(message.text(), MAX_BYTES)),
                    "at", Map.of("atMobiles", ChannelSettings.strings(s, "atMobiles"), "isAtAll", ChannelSettings.bool(s, "atAll", false)));
            return http.post(URI.create(url), Map.of(), body).doOnNext(reply -> RobotReply.check("DingTalk", reply, RATE_LIMITED)).then();
        });
    }
}
