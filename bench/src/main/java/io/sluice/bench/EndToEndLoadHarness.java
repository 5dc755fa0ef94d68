package io.sluice.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.LogsResult;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.logstore.engine.MetricResult;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.standalone.StandaloneApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The end-to-end load harness of issue 5: starts the whole of Sluice in this JVM (the standalone:
 * ingest, pipeline, analytics, alerting, console) on the machine's Redis ({@code redis}, a unique
 * key prefix unique to the run) and MariaDB
 * ({@code mysql}, a database of its own, by default {@code sluice_load}, emptied first), then:
 * <ol>
 * <li>pushes {@code events} (10,000,000) realistic events ({@link LoadEvents}: Loghub-2k lines with
 *     fresh digits, 8 services × 4 hosts) over Sluice's gRPC Push in batches of {@code batch} (500)
 *     from {@code clients} (4) threads, paced at {@code rate} events/s when {@code rate} &gt; 0,
 *     event times spread over the last {@code spanHours} (24) hours ({@code times=spread24h}, the
 *     default) or the time each batch is sent ({@code times=realtime}: what a live system sees, so
 *     chunks fill up); one needle event (a unique token) is hidden at a random position;</li>
 * <li>meanwhile a probe pushes one event every {@code probeMillis} (250) with the current time and
 *     polls the query engine until that line is found: the ingest-to-searchable latency
 *     (HdrHistogram p50/p99/max);</li>
 * <li>waits until everything acknowledged is archived and reports events/s end to end
 *     (acknowledged → archived: first push to last archived event) and the pipeline's rate, every
 *     10 s the rates of both and the backlog between them, and what the run cost per event
 *     ({@link LoadAccounting}: CPU µs by stage, Redis commands and MySQL statements per 1,000 events);</li>
 * <li>measures the archive's bytes on disk (InnoDB data + index of the {@code log_*} tables after
 *     {@code ANALYZE TABLE}) against the raw text (message bytes plus a newline per event);</li>
 * <li>runs each query {@code queryRuns} (5) times through the engine and reports the median and
 *     the slowest: the needle over the whole range, a label + line filter over 1 h and over 24 h,
 *     and {@code sum by (level) (count_over_time(...[5m]))} over 24 h ({@code queries=false} skips them).</li>
 * </ol>
 * Prints Markdown. Run (after {@code ./mvnw -B -pl bench -am package -DskipTests}):
 * {@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.sluice.bench.EndToEndLoadHarness}
 * ({@code -Devents=1000000} for a quicker run).
 */
public final class EndToEndLoadHarness {

    private static final long EVENTS = Long.getLong("events", 10_000_000L);
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "0"));
    private static final int CLIENTS = Integer.getInteger("clients", 4);
    private static final int BATCH = Integer.getInteger("batch", 500);
    private static final int SPAN_HOURS = Integer.getInteger("spanHours", 24);
    private static final int PROBE_MILLIS = Integer.getInteger("probeMillis", 250);
    private static final int QUERY_RUNS = Integer.getInteger("queryRuns", 5);
    private static final boolean QUERIES = Boolean.parseBoolean(System.getProperty("queries", "true"));
    private static final String TIMES = System.getProperty("times", "spread24h");
    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final String DATABASE = System.getProperty("database", "sluice_load");
    private static final String MYSQL_HOST = System.getProperty("mysqlHost", "127.0.0.1:3306");
    private static final String TENANT = "default";
    private static final String PROBE_SERVICE = "load-probe";

    private EndToEndLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        recreateDatabase();
        LoadEvents events = LoadEvents.load();
        String apiKey = ApiKeyFormat.generate();
        int http = freePort();
        int grpc = freePort();
        String prefix = "bench-load:" + UUID.randomUUID() + ":";
        ConfigurableApplicationContext sluice = new SpringApplicationBuilder(StandaloneApplication.class)
                .run("--server.port=" + http, "--spring.grpc.server.port=" + grpc, "--sluice.redis.url=" + REDIS,
                        "--sluice.redis.key-prefix=" + prefix, "--sluice.agent.enabled=false", "--logging.level.root=WARN",
                        "--sluice.mysql.url=mysql://root@" + MYSQL_HOST + "/" + DATABASE,
                        "--sluice.tenancy.bootstrap-api-key=" + apiKey, "--sluice.ingest.limits.enabled=false",
                        "--sluice.analytics.alert-target=static://127.0.0.1:" + grpc,
                        "--sluice.admin.analytics-url=http://127.0.0.1:" + http);
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + grpc, InsecureChannelCredentials.create()).build();
        try {
            Metadata credentials = new Metadata();
            credentials.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
            IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
            LogQueryEngine engine = sluice.getBean(LogQueryEngine.class);
            MeterRegistry meters = sluice.getBean(MeterRegistry.class);
            run(events, stub, engine, meters);
        } finally {
            channel.shutdownNow();
            sluice.close();
        }
    }

    private static void run(LoadEvents events, IngestServiceGrpc.IngestServiceBlockingStub stub, LogQueryEngine engine,
            MeterRegistry meters) throws Exception {
        long spanNanos = TimeUnit.HOURS.toNanos(SPAN_HOURS);
        long startNanos = System.currentTimeMillis() * 1_000_000L - spanNanos - TimeUnit.MINUTES.toNanos(1);
        String needle = "needle" + UUID.randomUUID().toString().replace("-", "");
        long needleAt = new SplittableRandom().nextLong(EVENTS);
        boolean realtime = switch (TIMES) {
            case "realtime" -> true;
            case "spread24h" -> false;
            default -> throw new IllegalArgumentException("-Dtimes must be realtime or spread24h, was " + TIMES);
        };
        System.out.printf(Locale.ROOT, "pushing %,d events (%s), %d clients, batches of %d, times %s; needle %s at #%d%n",
                EVENTS, RATE > 0 ? String.format(Locale.ROOT, "%,.0f/s", RATE) : "unpaced", CLIENTS, BATCH,
                realtime ? "the sending time (realtime)" : "spread over " + SPAN_HOURS + " h (spread24h)", needle, needleAt);
        LoadAccounting accounting = LoadAccounting.start(REDIS, MYSQL_HOST);

        AtomicLong next = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong rawBytes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Pacer pacer = RATE > 0 ? new Pacer(RATE) : null;
        String run = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            SplittableRandom random = new SplittableRandom(c * 7919L + 17);
            Thread client = start("load-client-" + c, () -> {
                try {
                    long first;
                    while ((first = next.getAndAdd(BATCH)) < EVENTS) {
                        int count = (int) Math.min(BATCH, EVENTS - first);
                        if (pacer != null) {
                            pacer.acquire(count);
                        }
                        long sentAt = System.currentTimeMillis() * 1_000_000L;
                        long base = first;
                        LogBatch batch = realtime
                                ? events.batch(first, count, i -> sentAt + (i - base), run + ":" + first, random)
                                : events.batch(first, count, EVENTS, startNanos, spanNanos, run + ":" + first, random);
                        if (needleAt >= first && needleAt < first + count) {
                            int at = (int) (needleAt - first);
                            LogEvent e = batch.getEvents(at);
                            batch = batch.toBuilder().setEvents(at, e.toBuilder().setMessage(e.getMessage() + " " + needle)).build();
                        }
                        long bytes = 0;
                        for (LogEvent e : batch.getEventsList()) {
                            bytes += e.getMessage().getBytes(StandardCharsets.UTF_8).length + 1;
                        }
                        acked.addAndGet(send(stub, batch));
                        rawBytes.addAndGet(bytes);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            clients.add(client);
        }

        Histogram searchable = new Histogram(TimeUnit.MINUTES.toMillis(2), 3);
        Thread probe = start("load-probe", () -> probe(stub, engine, searchable, clients));

        long lastReport = System.nanoTime();
        long lastAcked = 0;
        double lastArchived = 0;
        while (clients.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(1000);
            if (System.nanoTime() - lastReport >= TimeUnit.SECONDS.toNanos(10)) {
                long now = System.nanoTime();
                double seconds = (now - lastReport) / 1e9;
                long ackedNow = acked.get();
                double archivedNow = archived(meters);
                System.out.printf(Locale.ROOT, "  %,.0f s: acked %,d (%,.0f/s), archived %,.0f (%,.0f/s), buffered %,.0f%n", (now - t0) / 1e9,
                        ackedNow, (ackedNow - lastAcked) / seconds, archivedNow, (archivedNow - lastArchived) / seconds, ackedNow - archivedNow);
                lastReport = now;
                lastAcked = ackedNow;
                lastArchived = archivedNow;
            }
        }
        long pushedNanos = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException("a client failed", failure.get());
        }
        probe.join();
        long target = acked.get();
        while (archived(meters) < target + searchable.getTotalCount()) {
            Thread.sleep(50);
            if (System.nanoTime() - t0 > pushedNanos + TimeUnit.MINUTES.toNanos(10)) {
                throw new IllegalStateException("archive stalled at " + archived(meters) + " of " + target);
            }
        }
        long archivedNanos = System.nanoTime() - t0;

        System.out.println();
        System.out.printf(Locale.ROOT, "| measure | value |%n|---|---|%n");
        System.out.printf(Locale.ROOT, "| events acknowledged | %,d |%n", target);
        System.out.printf(Locale.ROOT, "| ingest (acknowledged) events/s | %,.0f |%n", target / (pushedNanos / 1e9));
        System.out.printf(Locale.ROOT, "| **end to end (acknowledged → archived) events/s** | **%,.0f** |%n", target / (archivedNanos / 1e9));
        System.out.printf(Locale.ROOT, "| ingest-to-searchable p50 / p99 / max (ms, %d probes under load) | %d / %d / %d |%n",
                searchable.getTotalCount(), searchable.getValueAtPercentile(50), searchable.getValueAtPercentile(99),
                searchable.getMaxValue());
        accounting.report(target);
        long archiveBytes = archiveBytes();
        System.out.printf(Locale.ROOT, "| raw text bytes/event | %.1f |%n", (double) rawBytes.get() / target);
        System.out.printf(Locale.ROOT, "| archive bytes on disk/event (data + index) | %.1f |%n", (double) archiveBytes / target);
        System.out.printf(Locale.ROOT, "| **raw / archive** | **%.1f×** |%n", (double) rawBytes.get() / archiveBytes);

        if (!QUERIES) {
            return;
        }
        long from = startNanos;
        long to = System.currentTimeMillis() * 1_000_000L + TimeUnit.MINUTES.toNanos(1);
        long hourAgo = startNanos + spanNanos - TimeUnit.HOURS.toNanos(1);
        query(engine, "needle, whole range", "{service=~\".+\"} |= \"" + needle + "\"", from, to, 1);
        query(engine, "label + line filter, last 1 h", "{service=\"OpenSSH\"} |= \"Failed password\"", hourAgo, to, 100);
        query(engine, "label + line filter, 24 h", "{service=\"OpenSSH\"} |= \"Failed password\"", from, to, 100);
        metric(engine, "sum by (level) (count_over_time({service=~\".+\"}[5m])), 24 h, step 5m",
                "sum by (level) (count_over_time({service=~\".+\"}[5m]))", from, to, TimeUnit.MINUTES.toNanos(5));
    }

    private static long send(IngestServiceGrpc.IngestServiceBlockingStub stub, LogBatch batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return stub.withDeadlineAfter(60, TimeUnit.SECONDS).push(batch).getAccepted();
            } catch (io.grpc.StatusRuntimeException e) {
                if (attempt >= 20 || e.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT
                        || e.getStatus().getCode() == io.grpc.Status.Code.UNAUTHENTICATED) {
                    throw e;
                }
                Thread.sleep(100L << Math.min(attempt, 5));
            }
        }
    }

    /** Pushes a probe line every {@link #PROBE_MILLIS} while the clients run; records when each became searchable. */
    private static void probe(IngestServiceGrpc.IngestServiceBlockingStub stub, LogQueryEngine engine, Histogram searchable,
            List<Thread> clients) {
        int n = 0;
        try {
            while (clients.stream().anyMatch(Thread::isAlive)) {
                String token = "probe" + UUID.randomUUID().toString().replace("-", "");
                long nowNanos = System.currentTimeMillis() * 1_000_000L;
                long sent = System.nanoTime();
                send(stub, LogBatch.newBuilder().setIdempotencyKey("probe:" + token).addEvents(LogEvent.newBuilder()
                        .setTimestampUnixNanos(nowNanos).setService(PROBE_SERVICE).setHost("probe").setLevel("INFO")
                        .setMessage("probe line " + (n++) + " " + token)).build());
                LogsRequest request = new LogsRequest(TENANT, "{service=\"" + PROBE_SERVICE + "\"} |= \"" + token + "\"",
                        nowNanos - TimeUnit.MINUTES.toNanos(1), nowNanos + TimeUnit.MINUTES.toNanos(1), 1, true, null);
                while (true) {
                    LogsResult result;
                    try {
                        result = engine.logs(request).block(Duration.ofSeconds(30));
                    } catch (RuntimeException e) {
                        result = null; // a query timeout under load: not searchable yet, poll again
                    }
                    if (result != null && !result.lines().isEmpty()) {
                        searchable.recordValue(Math.min(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), searchable.getHighestTrackableValue()));
                        break;
                    }
                    if (System.nanoTime() - sent > TimeUnit.MINUTES.toNanos(1)) {
                        searchable.recordValue(searchable.getHighestTrackableValue());
                        break;
                    }
                    Thread.sleep(10);
                }
                Thread.sleep(PROBE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void query(LogQueryEngine engine, String name, String query, long from, long to, int limit) {
        long[] nanos = new long[QUERY_RUNS];
        int lines = 0;
        for (int i = 0; i < QUERY_RUNS; i++) {
            long t = System.nanoTime();
            LogsResult result = engine.logs(new LogsRequest(TENANT, query, from, to, limit, true, null)).block(Duration.ofMinutes(2));
            nanos[i] = System.nanoTime() - t;
            lines = result == null ? 0 : result.lines().size();
            if (i == QUERY_RUNS - 1 && result != null) {
                System.out.printf(Locale.ROOT, "|   %s: chunks read %,d of %,d, events scanned %,d | |%n", name,
                        result.stats().chunksRead(), result.stats().chunksTotal(), result.stats().eventsScanned());
            }
        }
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "| %s `%s` (%d lines): median / slowest ms | %.0f / %.0f |%n", name, query, lines,
                nanos[QUERY_RUNS / 2] / 1e6, nanos[QUERY_RUNS - 1] / 1e6);
    }

    private static void metric(LogQueryEngine engine, String name, String query, long from, long to, long step) {
        long[] nanos = new long[QUERY_RUNS];
        int series = 0;
        for (int i = 0; i < QUERY_RUNS; i++) {
            long t = System.nanoTime();
            MetricResult result = engine.metric(new MetricRequest(TENANT, query, from, to, step)).block(Duration.ofMinutes(2));
            nanos[i] = System.nanoTime() - t;
            series = result == null ? 0 : result.series().size();
        }
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "| %s (%d series): median / slowest ms | %.0f / %.0f |%n", name, series,
                nanos[QUERY_RUNS / 2] / 1e6, nanos[QUERY_RUNS - 1] / 1e6);
    }

    private static double archived(MeterRegistry meters) {
        var counter = meters.find("sluice.pipeline.events.archived").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Connection jdbc(String database) throws Exception {
        return DriverManager.getConnection("jdbc:mariadb://" + MYSQL_HOST + "/" + database, "root", "");
    }

    private static void recreateDatabase() throws Exception {
        try (Connection c = jdbc(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            s.execute("CREATE DATABASE `" + DATABASE + "`");
        }
    }

    /** InnoDB data + index bytes of the archive's tables ({@code log_*}), after refreshing the statistics. */
    private static long archiveBytes() throws Exception {
        return ArchiveDatasetLoader.archiveBytes(DATABASE);
    }

    private static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
