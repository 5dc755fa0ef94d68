package io.sluice.pipeline.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.StreamMessage;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.pipeline.hot.HotTier;
import io.sluice.pipeline.metrics.PipelineMetrics;
import io.sluice.pipeline.parse.EventParser;
import io.sluice.pipeline.stage.EventStage;
import io.sluice.pipeline.stage.PipelineEvent;
import io.sluice.platform.stream.EntryHandler;
import io.sluice.platform.stream.Rejected;
import io.sluice.platform.stream.StreamBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The pipeline's {@link EntryHandler}: for a batch of buffer entries, whether freshly read or
 * claimed from a dead consumer, decode each entry's {@link LogBatch} (field {@code b}), parse every
 * event, write all of them to the archive ({@link ArchiveSink}: one {@link ArchiveEntry} per buffer
 * entry, keyed by {@link StreamBatch#uniqueId}, so a redelivered entry is skipped), then to the hot
 * tier (once per entry, keyed by the entry's {@link StreamBatch#uniqueId}; the entries' scripts
 * pipelined on one connection, one round trip per batch); only when all that completed does the
 * {@link io.sluice.platform.stream.GroupConsumer} acknowledge. The hot tier comes after the archive,
 * not beside it: while the archive fails, a batch is retried for as long as the outage lasts, and
 * the hot tier's de-duplication marker lasts only {@code hot-dedup-window}, so writing it first would
 * repeat the events there after a long outage. A failure is signalled as an
 * error (the batch is retried; nothing is acknowledged). Undecodable entries are returned as
 * rejected (dead-lettered and acknowledged) and counted, so they never block the entries behind
 * them. Decoding and parsing run on Reactor's parallel scheduler, never on a Redis or MySQL event loop.
 */
public class EntryProcessor implements EntryHandler {

    private static final Logger log = LoggerFactory.getLogger(EntryProcessor.class);
    private static final String BATCH_FIELD = "b";
    private static final int MAX_TENANT_LENGTH = 64;

    private final EventParser parser;
    private final List<EventStage> stages;
    private final ArchiveSink archive;
    private final HotTier hot;
    private final PipelineMetrics metrics;

    /** A handler running {@code stages} in order over each entry's events, writing to {@code archive} and {@code hot}. */
    public EntryProcessor(EventParser parser, List<EventStage> stages, ArchiveSink archive, HotTier hot, PipelineMetrics metrics) {
        this.parser = parser;
        this.stages = List.copyOf(stages);
        this.archive = archive;
        this.hot = hot;
        this.metrics = metrics;
    }

    /** Archives and writes to the hot tier every event of {@code batch}; emits the malformed entries. */
    @Override
    public Mono<List<Rejected>> handle(StreamBatch batch) {
        if (batch.entries().isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.fromCallable(() -> prepare(batch))
                .subscribeOn(Schedulers.parallel())
                .flatMap(work -> archive.write(work.archive())
                        .doOnNext(metrics::archived)
                        .then(writeHot(work.decoded()))
                        .then(Mono.fromCallable(() -> {
                            metrics.malformed(work.malformed().size());
                            return work.malformed();
                        })));
    }

    /**
     * Every entry's hot-tier script at once: subscribed in entry order on the one shared connection,
     * so Redis runs them in that order, but the batch waits for one round trip instead of one per entry.
     * Subscribed on the parallel scheduler: building the scripts' arguments (every event's protobuf)
     * must not run on the MySQL event loop that completed the archive write.
     */
    private Mono<Void> writeHot(List<Decoded> decoded) {
        return Flux.fromIterable(decoded)
                .flatMapSequential(d -> hot.write(d.entryId(), d.hotEvents()), Math.max(1, decoded.size()))
                .subscribeOn(Schedulers.parallel())
                .then();
    }

    private Work prepare(StreamBatch batch) {
        List<StreamMessage<String, byte[]>> entries = batch.entries();
        List<Rejected> malformed = new ArrayList<>();
        List<Decoded> decoded = new ArrayList<>(entries.size());
        List<ArchiveEntry> toArchive = new ArrayList<>(entries.size());
        int invalid = 0;
        for (StreamMessage<String, byte[]> entry : entries) {
            Map<String, byte[]> body = entry.getBody();
            byte[] payload = body == null ? null : body.get(BATCH_FIELD);
            if (payload == null) {
                malformed.add(new Rejected(entry.getId(), body == null ? "entry no longer in the stream" : "no field 'b'"));
                continue;
            }
            LogBatch decodedBatch;
            try {
                decodedBatch = LogBatch.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                malformed.add(new Rejected(entry.getId(), "field 'b' is not a LogBatch protobuf: " + e.getMessage()));
                continue;
            }
            List<PipelineEvent> events = new ArrayList<>(decodedBatch.getEventsCount());
            for (LogEvent e : decodedBatch.getEventsList()) {
                if (!hasValidIdentity(e)) {
                    invalid++;
                    continue;
                }
                events.add(new PipelineEvent(e));
            }
            for (EventStage stage : stages) {
                events = stage.apply(events);
            }
            List<LogEvent> hotEvents = new ArrayList<>(events.size());
            List<ArchivedEvent> rows = new ArrayList<>(events.size());
            for (PipelineEvent e : events) {
                String fields = parser.fieldsToJson(e.fields());
                String attributes = parser.attributesJson(e.attributesJson());
                rows.add(new ArchivedEvent(e.id(), e.tenant(), e.timestampNanos(), e.service(), e.host(),
                        e.level(), e.message(), attributes, fields, e.templateId(), e.retentionClass()));
                hotEvents.add(e.source().toBuilder()
                        .setTimestampUnixNanos(e.timestampNanos())
                        .setService(e.service())
                        .setHost(e.host())
                        .setLevel(e.level())
                        .setMessage(e.message())
                        .setAttributesJson(attributes == null ? "" : attributes)
                        .setFieldsJson(fields == null ? "" : fields)
                        .build());
            }
            String key = batch.uniqueId(entry.getId());
            toArchive.add(new ArchiveEntry(key, rows));
            decoded.add(new Decoded(key, hotEvents));
        }
        if (invalid > 0) {
            log.warn("dropped {} events without a 32-character id or a tenant (ingest assigns both)", invalid);
            metrics.invalidEvents(invalid);
        }
        return new Work(malformed, decoded, toArchive);
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

    private record Work(List<Rejected> malformed, List<Decoded> decoded, List<ArchiveEntry> archive) {
    }

    private record Decoded(String entryId, List<LogEvent> hotEvents) {
    }
}
