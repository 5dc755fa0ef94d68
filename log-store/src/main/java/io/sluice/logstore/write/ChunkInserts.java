package io.sluice.logstore.write;

import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.chunk.EncodedChunk;
import io.sluice.logstore.chunk.MinuteHistogram;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Inserts chunk rows (index columns, histogram, bloom and data) with multi-row {@code INSERT}s of at
 * most {@value #ROWS_PER_STATEMENT} rows / 4 MB of binary columns, so that a statement stays well under
 * MariaDB's default 16 MB {@code max_allowed_packet} even if the driver sends BLOBs as text (hex
 * doubles them; a 10 M-event bulk load hit the limit at 8 MB). Shared by the writer and the compaction job; runs inside the caller's transaction.
 */
public final class ChunkInserts {

    private static final int ROWS_PER_STATEMENT = 200;
    static final long BYTES_PER_STATEMENT = 4L << 20;
    private static final int COLUMNS = 14;

    private ChunkInserts() {
    }

    /**
     * One chunk row to insert.
     *
     * @param part the (retention class, day) partition key
     * @param tenant the chunk's tenant
     * @param streamId the chunk's stream ({@link StreamIds})
     * @param chunk the encoded chunk
     * @param histogram its events per (minute, level)
     */
    public record NewChunk(int part, String tenant, long streamId, EncodedChunk chunk, MinuteHistogram histogram) {
    }

    /** Inserts {@code rows} through {@code db}. */
    public static Mono<Void> insert(DatabaseClient db, List<NewChunk> rows) {
        List<List<NewChunk>> statements = new ArrayList<>();
        List<NewChunk> current = new ArrayList<>();
        long bytes = 0;
        for (NewChunk r : rows) {
            long size = r.chunk().data().length + r.chunk().bloom().length;
            if (!current.isEmpty() && (current.size() >= ROWS_PER_STATEMENT || bytes + size > BYTES_PER_STATEMENT)) {
                statements.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(r);
            bytes += size;
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return Flux.fromIterable(statements).concatMap(s -> statement(db, s)).then();
    }

    private static Mono<Long> statement(DatabaseClient db, List<NewChunk> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO log_chunk (part, tenant, stream_id, min_ts, max_ts, events, level_counts, histogram,"
                + " raw_bytes, stored_bytes, codec, templates, bloom, data) VALUES ");
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(COLUMNS, "?")) + ")";
        List<Object> values = new ArrayList<>(rows.size() * COLUMNS);
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(tuple);
            NewChunk r = rows.get(i);
            EncodedChunk c = r.chunk();
            values.add(r.part());
            values.add(r.tenant());
            values.add(r.streamId());
            values.add(c.minTsNanos());
            values.add(c.maxTsNanos());
            values.add(c.events());
            values.add(ChunkRows.encodeLevels(c.levelCounts()));
            values.add(r.histogram().encode());
            values.add(c.rawBytes());
            values.add(c.data().length);
            values.add(ChunkCodec.CODEC_ZSTD);
            values.add(ChunkRows.encodeTemplates(c.templateIds()));
            values.add(c.bloom());
            values.add(c.data());
        }
        return db.sql(sql.toString()).bindValues(values).fetch().rowsUpdated();
    }
}
