package io.sluice.pipeline.consume;

import io.lettuce.core.XAddArgs;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Keeps a copy of each undecodable buffer entry in {@code {p}buffer:dead} (fields {@code entry}:
 * the original id, {@code reason}, {@code b}: the original payload), capped at about
 * {@value #MAX_ENTRIES} entries, so that an operator can inspect what was skipped.
 */
public class DeadLetters {

    /** Approximate cap of the dead-letter stream. */
    public static final long MAX_ENTRIES = 10_000;

    private final SluiceRedis redis;

    /** Writes through {@code redis}'s shared connection. */
    public DeadLetters(SluiceRedis redis) {
        this.redis = redis;
    }

    /** The dead-letter stream's key. */
    public String streamKey() {
        return redis.keys().key("buffer:dead");
    }

    /** Appends a copy of entry {@code entryId}. */
    public Mono<Void> add(String entryId, byte[] payload, String reason) {
        Map<String, byte[]> body = new LinkedHashMap<>();
        body.put("entry", entryId.getBytes(StandardCharsets.US_ASCII));
        body.put("reason", reason.getBytes(StandardCharsets.UTF_8));
        body.put("b", payload == null ? new byte[0] : payload);
        return redis.binary().xadd(streamKey(), new XAddArgs().maxlen(MAX_ENTRIES).approximateTrimming(), body).then();
    }
}
