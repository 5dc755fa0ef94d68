package io.sluice.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.standalone.StandaloneApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 6's alerting latency: from a log line entering ingest to the webhook receiving the
 * notification. Starts the whole of Sluice in this JVM (the standalone, as
 * {@link EndToEndLoadHarness} does: the machine's Redis under a key prefix unique to the run, its
 * own MariaDB database {@code database}, emptied first, default settings otherwise; the run's Redis
 * keys are deleted at the end) and a local
 * webhook receiver ({@link WebhookReceiver}), then creates {@code warmup} + {@code firings} alert
 * rules over the API, rule {@code i} being {@code {service="alertbench"} |= "abtok<i>x"} with
 * threshold 0 (one matching line fires it) and a window of {@code windowSeconds}, and for each
 * path of {@code paths}:
 * <ul>
 * <li>{@code routed}: the tenant's routing tree sends every alert to a webhook channel, grouped by
 *     {@code alertname} (one group per rule), {@code groupWait: 0s} — Alertmanager semantics, the
 *     issue's case;</li>
 * <li>{@code direct}: no routing configuration, each rule's own webhook URL.</li>
 * </ul>
 * Each firing is caused by one known log line pushed over the real gRPC ingest
 * ({@code IngestService/Push}, one event, level ERROR) from one of 8 sender threads, paced at
 * {@code firingRate}/s; its latency is the receiver's arrival time minus the time taken just before
 * the push call. The {@code warmup} firings first (not measured) prove that analytics has fetched
 * the rules and warm the JIT. Prints per path: count, missing, duplicates (a second firing
 * notification for the same rule: must be 0), resolved notifications, p50/p90/p99/max
 * (HdrHistogram) and per-stage hints: the ingest acknowledgement, send → fired (the rule's
 * evaluation time, {@code startsAt}/{@code firedAt} in the notification: ingest, buffer, analytics
 * matching, intake and evaluation) and fired → received (transaction, routing, group flush,
 * channel delivery). With {@code backgroundRate} &gt; 0 a further client pushes that many
 * Loghub-2k events/s ({@link LoadEvents}, batches of {@code backgroundBatch}) meanwhile.
 * Run: {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.sluice.bench.AlertLatencyHarness}.
 */
public final class AlertLatencyHarness {

    private static final int FIRINGS = Integer.getInteger("firings", 1000);
    private static final int WARMUP = Integer.getInteger("warmup", 200);
    private static final double FIRING_RATE = Double.parseDouble(System.getProperty("firingRate", "20"));
    private static final int WINDOW_SECONDS = Integer.getInteger("windowSeconds", 60);
    private static final double BACKGROUND_RATE = Double.parseDouble(System.getProperty("backgroundRate", "0"));
    private static final int BACKGROUND_BATCH = Integer.getInteger("backgroundBatch", 100);
    private static final int SETTLE_SECONDS = Integer.getInteger("settleSeconds", 5);
    private static final List<String> PATHS = List.of(System.getProperty("paths", "routed,direct").split(","));
    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final String DATABASE = System.getProperty("database", "h_alertbench_alert");
    private static final String MYSQL_HOST = System.getProperty("mysqlHost", "127.0.0.1:3306");
    private static final String TENANT = "default";
    private static final String SERVICE = "alertbench";
    private static final String CHANNEL = "bench-webhook";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final String api;
    private final WebhookReceiver receiver;
    private final IngestServiceGrpc.IngestServiceBlockingStub ingest;
    private final String apiKey;
    private final Map<Long, Integer> ruleIndex = new HashMap<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>();

    private AlertLatencyHarness(String api, WebhookReceiver receiver, IngestServiceGrpc.IngestServiceBlockingStub ingest, String apiKey) {
        this.api = api;
        this.receiver = receiver;
        this.ingest = ingest;
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        recreateDatabase();
        String apiKey = ApiKeyFormat.generate();
        int httpPort = freePort();
        int grpcPort = freePort();
        String prefix = "h_alertbench:" + UUID.randomUUID() + ":";
        System.out.printf(Locale.ROOT, "load average at start: %s", loadAverage());
        ConfigurableApplicationContext sluice = new SpringApplicationBuilder(StandaloneApplication.class)
                .run("--server.port=" + httpPort, "--spring.grpc.server.port=" + grpcPort, "--sluice.redis.url=" + REDIS,
                        "--sluice.redis.key-prefix=" + prefix, "--sluice.agent.enabled=false", "--logging.level.root=WARN",
                        "--sluice.mysql.url=mysql://root@" + MYSQL_HOST + "/" + DATABASE,
                        "--sluice.tenancy.bootstrap-api-key=" + apiKey, "--sluice.ingest.limits.enabled=false",
                        "--sluice.analytics.alert-target=static://127.0.0.1:" + grpcPort,
                        "--sluice.admin.analytics-url=http://127.0.0.1:" + httpPort, "--sluice.ingest.syslog.tcp.enabled=false",
                        "--sluice.ingest.syslog.udp.enabled=false", "--sluice.ingest.json-tcp.enabled=false");
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + grpcPort, InsecureChannelCredentials.create()).build();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Metadata credentials = new Metadata();
            credentials.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
            IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
            new AlertLatencyHarness("http://127.0.0.1:" + httpPort, receiver, stub, apiKey).run();
        } finally {
            channel.shutdownNow();
            sluice.close();
            deleteKeys(prefix);
        }
    }

    /** Deletes the run's Redis keys (its buffer streams, buckets, statistics). */
    private static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
            while (keys.hasNext()) {
                redis.sync().del(keys.next());
            }
        } finally {
            client.shutdown();
        }
    }

    private void run() throws Exception {
        call("POST", "/api/v1/alert/channels", Map.of("tenant", TENANT, "name", CHANNEL, "type", "webhook",
                "settings", Map.of("url", receiver.url() + "/routed")));
        int total = WARMUP + FIRINGS;
        long t = System.nanoTime();
        for (int i = 0; i < total; i++) {
            JsonNode rule = call("POST", "/api/v1/alert-rules", Map.of("tenant", TENANT, "name", String.format(Locale.ROOT, "bench rule %04d", i),
                    "query", "{service=\"" + SERVICE + "\"} |= \"" + token(i) + "\"", "threshold", 0, "windowSeconds", WINDOW_SECONDS,
                    "webhookUrl", receiver.url() + "/direct"));
            ruleIndex.put(rule.path("id").asLong(), i);
        }
        System.out.printf(Locale.ROOT, "created %,d rules in %.1f s; %,d measured firings per path at %.0f/s, %d warm-up, window %d s, background %s%n",
                total, (System.nanoTime() - t) / 1e9, FIRINGS, FIRING_RATE, WARMUP, WINDOW_SECONDS,
                BACKGROUND_RATE > 0 ? String.format(Locale.ROOT, "%,.0f events/s in batches of %d", BACKGROUND_RATE, BACKGROUND_BATCH) : "none");

        Thread collector = daemon("bench-collector", this::collect);
        AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
        AtomicLong backgroundEvents = new AtomicLong();
        Thread background = BACKGROUND_RATE > 0 ? daemon("bench-background", () -> background(backgroundEvents, backgroundFailure)) : null;
        List<String> rows = new ArrayList<>();
        for (String path : PATHS) {
            switch (path) {
                case "routed" -> call("PUT", "/api/v1/alert/routes?tenant=" + TENANT, Map.of("route", Map.of("receiver", CHANNEL,
                        "groupBy", List.of("alertname"), "groupWait", "0s", "groupInterval", "1m", "repeatInterval", "4h")));
                case "direct" -> call("DELETE", "/api/v1/alert/routes?tenant=" + TENANT, null);
                default -> throw new IllegalArgumentException("-Dpaths: routed and/or direct, was " + path);
            }
            awaitAllOk();
            Phase p = new Phase(path, total);
            phase.set(p);
            fire(p, 0, WARMUP);
            p.await(0, WARMUP);
            long start = System.nanoTime();
            fire(p, WARMUP, total);
            p.await(WARMUP, total);
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS)); // late duplicates would arrive here
            rows.add(p.row(seconds));
            System.out.printf(Locale.ROOT, "%s path done in %.1f s; load average %s", path, seconds, loadAverage());
        }
        if (background != null) {
            background.interrupt();
        }
        collector.interrupt();
        if (backgroundFailure.get() != null) {
            throw new IllegalStateException("the background client failed", backgroundFailure.get());
        }
        System.out.println();
        System.out.println("| path | firings | notified | missing | duplicates | resolved notifications | p50 ms | p90 ms | p99 ms | max ms "
                + "| ingest ack p50 / p99 ms | send → fired p50 / p99 ms | fired → received p50 / p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        if (background != null) {
            System.out.printf(Locale.ROOT, "background events pushed: %,d%n", backgroundEvents.get());
        }
        System.out.printf(Locale.ROOT, "load average at end: %s", loadAverage());
    }

    /** Fires rules {@code from} … {@code to - 1} of phase {@code p}, one log line each, paced at {@link #FIRING_RATE}. */
    private void fire(Phase p, int from, int to) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(8, r -> new Thread(r, "bench-sender"));
        Pacer pacer = new Pacer(FIRING_RATE);
        for (int i = from; i < to; i++) {
            pacer.acquire(1);
            int index = i;
            senders.execute(() -> {
                LogBatch batch = LogBatch.newBuilder().setIdempotencyKey(p.path + ":" + index + ":" + UUID.randomUUID())
                        .addEvents(LogEvent.newBuilder().setTimestampUnixNanos(System.currentTimeMillis() * 1_000_000L)
                                .setService(SERVICE).setHost("bench-1").setLevel("ERROR")
                                .setMessage("payment failed for order " + index + ": upstream timeout " + token(index)))
                        .build();
                p.sendMillis[index] = System.currentTimeMillis();
                p.sendNanos[index] = System.nanoTime();
                try {
                    ingest.withDeadlineAfter(60, TimeUnit.SECONDS).push(batch);
                    p.ackNanos[index] = System.nanoTime();
                } catch (RuntimeException e) {
                    p.failedSends.incrementAndGet();
                    System.err.println("push of firing " + index + " failed: " + e);
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the pushes did not finish within 5 minutes");
        }
    }

    /** Reads the receiver's records and files each under the current phase. */
    private void collect() {
        try {
            while (true) {
                WebhookReceiver.Received r = receiver.poll(1000);
                if (r == null) {
                    continue;
                }
                Phase p = phase.get();
                if (p == null) {
                    continue;
                }
                JsonNode body = JSON.readTree(r.body());
                if (!r.path().endsWith("/" + p.path)) {
                    p.otherPath();
                } else if (r.path().endsWith("/routed")) {
                    for (JsonNode alert : body.path("alerts")) {
                        Integer index = ruleIndex.get(alert.path("labels").path("rule_id").asLong(-1));
                        boolean firing = "firing".equals(alert.path("status").asString(""));
                        p.record(index, firing, r, firing ? Instant.parse(alert.path("startsAt").asString()).toEpochMilli() : 0);
                    }
                } else {
                    Integer index = ruleIndex.get(body.path("rule").path("id").asLong(-1));
                    boolean firing = "firing".equals(body.path("status").asString(""));
                    p.record(index, firing, r, body.path("firing").path("firedAt").asLong(0));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void background(AtomicLong pushed, AtomicReference<Throwable> failure) {
        LoadEvents events = LoadEvents.load();
        Pacer pacer = new Pacer(BACKGROUND_RATE);
        SplittableRandom random = new SplittableRandom(11);
        String run = UUID.randomUUID().toString();
        try {
            for (long first = 0; !Thread.currentThread().isInterrupted(); first += BACKGROUND_BATCH) {
                pacer.acquire(BACKGROUND_BATCH);
                long now = System.currentTimeMillis() * 1_000_000L;
                long base = first;
                LogBatch batch = events.batch(first, BACKGROUND_BATCH, i -> now + (i - base), "bg:" + run + ":" + first, random);
                pushed.addAndGet(ingest.withDeadlineAfter(60, TimeUnit.SECONDS).push(batch).getAccepted());
            }
        } catch (io.grpc.StatusRuntimeException e) {
            if (!Thread.currentThread().isInterrupted() && !(e.getCause() instanceof InterruptedException)) {
                failure.set(e);
            }
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** Waits until no rule is FIRING (every rule resolved after its window), so each can fire again. */
    private void awaitAllOk() throws Exception {
        long start = System.nanoTime();
        while (true) {
            long firing = 0;
            for (JsonNode rule : call("GET", "/api/v1/alert-rules?tenant=" + TENANT, null).path("rules")) {
                if (!"OK".equals(rule.path("state").asString(""))) {
                    firing++;
                }
            }
            if (firing == 0) {
                return;
            }
            if (System.nanoTime() - start > WAIT_NANOS + TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
                throw new IllegalStateException(firing + " rules still FIRING after their window");
            }
            Thread.sleep(500);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + new String(response.body()));
        }
        return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String token(int i) {
        return String.format(Locale.ROOT, "abtok%05dx", i);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"));
        } catch (IOException e) {
            return "unknown\n";
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void recreateDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + MYSQL_HOST + "/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            s.execute("CREATE DATABASE `" + DATABASE + "`");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What one path's firings sent and received; arrays indexed by rule index (warm-up rules first). */
    private static final class Phase {

        final String path;
        final long[] sendNanos;
        final long[] sendMillis;
        final long[] ackNanos;
        final long[] receivedNanos;
        final long[] firedMillis;
        final long[] receivedMillis;
        final AtomicLong failedSends = new AtomicLong();
        long duplicates;
        long resolved;
        long unknown;
        long otherPath;

        Phase(String path, int rules) {
            this.path = path;
            sendNanos = new long[rules];
            sendMillis = new long[rules];
            ackNanos = new long[rules];
            receivedNanos = new long[rules];
            firedMillis = new long[rules];
            receivedMillis = new long[rules];
        }

        /** A notification of the previous path arriving late (not counted as this path's). */
        synchronized void otherPath() {
            otherPath++;
        }

        synchronized void record(Integer index, boolean firing, WebhookReceiver.Received r, long firedAt) {
            if (index == null) {
                unknown++;
            } else if (!firing) {
                resolved++;
            } else if (receivedNanos[index] != 0) {
                duplicates++;
            } else {
                receivedNanos[index] = r.receivedNanos();
                receivedMillis[index] = r.receivedMillis();
                firedMillis[index] = firedAt;
                notifyAll();
            }
        }

        /** Waits until rules {@code from} … {@code to - 1} were all notified, or two minutes passed without it. */
        synchronized void await(int from, int to) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (missing(from, to) > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }

        private int missing(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                if (receivedNanos[i] == 0) {
                    n++;
                }
            }
            return n;
        }

        synchronized String row(double seconds) {
            Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
            Histogram ack = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
            Histogram toFired = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
            Histogram fromFired = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
            int total = sendNanos.length;
            for (int i = WARMUP; i < total; i++) {
                if (ackNanos[i] != 0) {
                    ack.recordValue(TimeUnit.NANOSECONDS.toMillis(ackNanos[i] - sendNanos[i]));
                }
                if (receivedNanos[i] != 0) {
                    latency.recordValue(TimeUnit.NANOSECONDS.toMillis(receivedNanos[i] - sendNanos[i]));
                    toFired.recordValue(Math.max(0, firedMillis[i] - sendMillis[i]));
                    fromFired.recordValue(Math.max(0, receivedMillis[i] - firedMillis[i]));
                }
            }
            System.out.printf(Locale.ROOT, "%s: %,d firings in %.1f s, %d pushes failed, %d notifications of unknown rules, %d late ones of the previous path%n",
                    path, FIRINGS, seconds, failedSends.get(), unknown, otherPath);
            StringBuilder trend = new StringBuilder(path + ": p50 / max ms of each tenth of the firings, in sending order (notified/sent):");
            int tenth = Math.max(1, FIRINGS / 10);
            for (int from = WARMUP; from < total; from += tenth) {
                Histogram h = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
                int sent = 0;
                for (int i = from; i < Math.min(total, from + tenth); i++, sent++) {
                    if (receivedNanos[i] != 0) {
                        h.recordValue(TimeUnit.NANOSECONDS.toMillis(receivedNanos[i] - sendNanos[i]));
                    }
                }
                trend.append(String.format(Locale.ROOT, " %d/%d (%d/%d)", h.getValueAtPercentile(50), h.getMaxValue(), h.getTotalCount(), sent));
            }
            System.out.println(trend);
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %d | %,d | %d | %d | %d | %d | %d / %d | %d / %d | %d / %d |",
                    path, FIRINGS, latency.getTotalCount(), missing(WARMUP, total), duplicates, resolved,
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(90), latency.getValueAtPercentile(99), latency.getMaxValue(),
                    ack.getValueAtPercentile(50), ack.getValueAtPercentile(99), toFired.getValueAtPercentile(50), toFired.getValueAtPercentile(99),
                    fromFired.getValueAtPercentile(50), fromFired.getValueAtPercentile(99));
        }
    }
}
