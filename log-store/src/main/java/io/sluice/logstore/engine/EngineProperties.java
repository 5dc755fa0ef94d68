package io.sluice.logstore.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds and tuning of the query engine ({@link DefaultLogQueryEngine}); the time budget of a
 * query is {@code sluice.logstore.query-timeout}.
 *
 * @param maxLines most lines one log query may return (its {@code limit}); a larger limit is refused
 * @param maxSeries most series a metric query may hold while it runs
 * @param maxPoints most points (series × steps) a metric query may return
 * @param maxBytesScanned most uncompressed message bytes one query may decode from the archive
 * @param decodeConcurrency batches of chunks one metric query reads and decodes at the same time (each
 *     batch is one database query; its chunks are decoded on Reactor's parallel scheduler); a log
 *     query reads one batch at a time, so its limit can stop it early
 * @param decodeThreads threads of the bounded scheduler that decodes chunks and evaluates lines for every query
 * @param hotClockSkew how far an event's time may lie after the moment the pipeline wrote it to the
 *     hot tier (ingest's {@code max-future}); the hot tier covers event times from its oldest entry
 *     plus this
 * @param hotPageSize about how many events one XREVRANGE of the hot stream reads (its entries hold a
 *     batch each: the reader asks for as many entries as held this many events so far)
 * @param maxHotEvents most hot-tier events one query decodes
 * @param readBatchChunks most chunks whose data one database query fetches
 * @param readBatchBytes most uncompressed message bytes of the chunks one database query fetches
 *     (bounds the memory a batch holds while it is decoded)
 */
@ConfigurationProperties("sluice.logstore.engine")
public record EngineProperties(
        @DefaultValue("10000") int maxLines,
        @DefaultValue("10000") int maxSeries,
        @DefaultValue("2000000") long maxPoints,
        @DefaultValue("4GB") DataSize maxBytesScanned,
        @DefaultValue("2") int decodeConcurrency,
        @DefaultValue("2") int decodeThreads,
        @DefaultValue("10m") Duration hotClockSkew,
        @DefaultValue("2000") int hotPageSize,
        @DefaultValue("500000") long maxHotEvents,
        @DefaultValue("64") int readBatchChunks,
        @DefaultValue("16MB") DataSize readBatchBytes) {

    /** Defaults, for code and tests that build the engine without Spring. */
    public static EngineProperties defaults() {
        return new EngineProperties(10_000, 10_000, 2_000_000, DataSize.ofGigabytes(4), 2, 2, Duration.ofMinutes(10), 2000, 500_000,
                64, DataSize.ofMegabytes(16));
    }
}
