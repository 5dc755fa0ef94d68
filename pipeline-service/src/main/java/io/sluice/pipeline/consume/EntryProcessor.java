package io.sluice.pipeline.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.StreamMessage;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveWriter;
import io.sluice.pipeline.hot.HotTier;
import io.sluice.pipeline.metrics.PipelineMetrics;
import io.sluice.pipeline.parse.EventParser;
import io.sluice.platform.redis.SluiceRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Processes buffer entries, whether freshly read or claimed from a dead consumer: decode each
 * entry's {@link LogBatch} (field {@code b}), parse every event, write all of them to the archive
 * (idempotent {@code INSERT IGNORE}), then to the hot tier, and only then XACK. A failure anywhere
 * leaves the good entries unacknowledged (they are retried by the caller or claimed later) and is
 * signalled as an error. Undecodable entries are copied to the dead-letter stream, acknowledged and
 * counted, so they never block the entries behind them. Decoding and parsing run on Reactor's
 * parallel scheduler, never on a Redis or MySQL event loop.
 */
public class EntryProcessor {

    private static final Logger log = LoggerFactory.getLogger(EntryProcessor.class);
    private static final String BATCH_FIELD = "b";
    private static final int MAX_TENANT_LENGTH = 64;

    private final SluiceRedis redis;
    private final ConsumerGroup group;
    private final EventParser parser;
    private final ArchiveWriter archive;
    private final HotTier hot;
    private final DeadLetters deadLetters;
    private final PipelineMetrics metrics;

    /** A processor acknowledging in {@code group}. */
    public EntryProcessor(SluiceRedis redis, ConsumerGroup group, EventParser parser, ArchiveWriter archive, HotTier hot,
            DeadLetters deadLetters, PipelineMetrics metrics) {
        this.redis = redis;
        this.group = group;
        this.parser = parser;
        this.archive = archive;
        this.hot = hot;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /**
     * Processes {@code entries} and acknowledges every one that was fully handled.
     *
     * @return the number of entries acknowledged (all of them, when it completes without error)
     */
    public Mono<Integer> process(List<StreamMessage<String, byte[]>> entries) {
        if (entries.isEmpty()) {
            return Mono.just(0);
        }
        return Mono.fromCallable(() -> prepare(entries))
                .subscribeOn(Schedulers.parallel())
                .flatMap(work -> rejectMalformed(work.malformed())
                        .then(archive.write(work.archive()))
                        .doOnNext(metrics::archived)
                        .thenMany(Flux.fromIterable(work.decoded()).concatMap(d -> hot.write(d.entryId(), d.hotEvents())))
                        .then(ack(work.decoded().stream().map(Decoded::entryId).toList()))
                        .map(acked -> acked + work.malformed().size()));
    }

    private Mono<Void> rejectMalformed(List<Malformed> malformed) {
        if (malformed.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(malformed)
                .concatMap(m -> deadLetters.add(m.entryId(), m.payload(), m.reason()))
                .then(ack(malformed.stream().map(Malformed::entryId).toList()))
                .doOnNext(n -> metrics.malformed(malformed.size()))
                .then();
    }

    private Mono<Integer> ack(List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0);
        }
        return redis.binary().xack(group.stream(), group.name(), ids.toArray(String[]::new))
                .doOnNext(metrics::acked)
                .thenReturn(ids.size());
    }

    private Work prepare(List<StreamMessage<String, byte[]>> entries) {
        List<Malformed> malformed = new ArrayList<>();
        List<Decoded> decoded = new ArrayList<>(entries.size());
        List<ArchivedEvent> rows = new ArrayList<>();
        int invalid = 0;
        for (StreamMessage<String, byte[]> entry : entries) {
            Map<String, byte[]> body = entry.getBody();
            byte[] payload = body == null ? null : body.get(BATCH_FIELD);
            if (payload == null) {
                malformed.add(malformed(entry.getId(), null, body == null ? "entry no longer in the stream" : "no field 'b'"));
                continue;
            }
            LogBatch batch;
            try {
                batch = LogBatch.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                malformed.add(malformed(entry.getId(), payload, "field 'b' is not a LogBatch protobuf: " + e.getMessage()));
                continue;
            }
            List<LogEvent> hotEvents = new ArrayList<>(batch.getEventsCount());
            for (LogEvent e : batch.getEventsList()) {
                if (!hasValidIdentity(e)) {
                    invalid++;
                    continue;
                }
                String fields = parser.fieldsJson(e.getMessage());
                String attributes = parser.attributesJson(e.getAttributesJson());
                rows.add(new ArchivedEvent(e.getId(), e.getTenant(), e.getTimestampUnixNanos(), e.getService(), e.getHost(),
                        e.getLevel(), e.getMessage(), attributes, fields));
                hotEvents.add(e.toBuilder()
                        .setAttributesJson(attributes == null ? "" : attributes)
                        .setFieldsJson(fields == null ? "" : fields)
                        .build());
            }
            decoded.add(new Decoded(entry.getId(), hotEvents));
        }
        if (invalid > 0) {
            log.warn("dropped {} events without a 32-character id or a tenant (ingest assigns both)", invalid);
            metrics.invalidEvents(invalid);
        }
        return new Work(malformed, decoded, rows);
    }

    private static Malformed malformed(String entryId, byte[] payload, String reason) {
        log.warn("buffer entry {} is malformed and is skipped (copied to the dead-letter stream): {}", entryId, reason);
        return new Malformed(entryId, payload, reason);
    }

    private static boolean hasValidIdentity(LogEvent e) {
        String id = e.getId();
        if (id.length() != 32 || e.getTenant().isEmpty() || e.getTenant().length() > MAX_TENANT_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    private record Work(List<Malformed> malformed, List<Decoded> decoded, List<ArchivedEvent> archive) {
    }

    private record Decoded(String entryId, List<LogEvent> hotEvents) {
    }

    private record Malformed(String entryId, byte[] payload, String reason) {
    }
}
