package io.sluice.logstore.write;

import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.chunk.EncodedChunk;
import io.sluice.logstore.chunk.MinuteHistogram;
import io.sluice.logstore.model.ArchivedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU-bound half of an archive write: cuts the events of some entries into chunk groups
 * ({@link ChunkPlan}) and encodes each group's chunk and minute histogram. Pure; its own class so
 * that {@link ChunkArchive} and the encode-cost benchmark run exactly the same code.
 */
public final class ChunkEncoder {

    private final ChunkPlan plan;
    private final ChunkCodec codec;

    /** An encoder cutting with {@code plan} and compressing with {@code codec}. */
    public ChunkEncoder(ChunkPlan plan, ChunkCodec codec) {
        this.plan = plan;
        this.codec = codec;
    }

    /** One encoded chunk per group of the events of {@code entries}. */
    public List<Encoded> encode(List<ArchiveEntry> entries) {
        int total = 0;
        for (ArchiveEntry e : entries) {
            total += e.events().size();
        }
        List<ArchivedEvent> events = new ArrayList<>(total);
        entries.forEach(e -> events.addAll(e.events()));
        List<ChunkPlan.Group> groups = plan.cut(events);
        List<Encoded> out = new ArrayList<>(groups.size());
        for (ChunkPlan.Group g : groups) {
            out.add(new Encoded(g.key(), codec.encode(g.events()), MinuteHistogram.of(g.events())));
        }
        return out;
    }

    /**
     * One chunk ready for its index row.
     *
     * @param key the stream, class and slice its events share
     * @param chunk the encoded chunk
     * @param histogram its events per minute and level
     */
    public record Encoded(ChunkPlan.Key key, EncodedChunk chunk, MinuteHistogram histogram) {
    }
}
