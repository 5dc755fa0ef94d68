package io.sluice.platform.stream;

import io.lettuce.core.XAddArgs;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Keeps a copy of each buffer entry a consumer group gave up on in {@code {p}buffer:dead} (fields
 * {@code stream}: the buffer stream, {@code entry}: the original id, {@code group}, {@code reason},
 * {@code b}: the original payload, empty if the entry was gone), capped at about
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
        return redis.keys().bufferDeadLetters();
    }

    /** Appends a copy of entry {@code entryId} of {@code stream}, given up by {@code group}. */
    public Mono<Void> add(String stream, String entryId, String group, byte[] payload, String reason) {
        Map<String, byte[]> body = new LinkedHashMap<>();
        body.put("stream", stream.getBytes(StandardCharsets.UTF_8));
        body.put("entry", entryId.getBytes(StandardCharsets.US_ASCII));
        body.put("group", group.getBytes(StandardCharsets.UTF_8));
        body.put("reason", reason.getBytes(StandardCharsets.UTF_8));
        body.put("b", payload == null ? new byte[0] : payload);
        return redis.binary().xadd(streamKey(), new XAddArgs().maxlen(MAX_ENTRIES).approximateTrimming(), body).then();
    }
}
