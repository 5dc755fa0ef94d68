package io.sluice.bench;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.ingest.IngestApplication;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Events per second accepted into ingest's Redis buffer, per input: starts one ingest-service in
 * this JVM (free ports for HTTP, gRPC, syslog TCP/UDP and JSON-lines TCP; Redis {@code redis} with a
 * unique key prefix deleted afterwards; MySQL {@code mysql} for tenants and keys, a random bootstrap
 * key for tenant {@code default}; the TCP/UDP listeners bound to that tenant; rate limits off with
 * {@code sluice.ingest.limits.enabled=false}, so they never bite), then for each input in turn
 * sends Loghub-2k lines (cycled) in batches of {@code batch} (500) in that input's own wire format,
 * from {@code clients} (4) threads, each with one request (or one TCP write of a whole batch) at a
 * time: {@code warmupSeconds} (3) unmeasured, then {@code seconds} (8) measured (before any of
 * that, every input runs once for {@code jvmWarmupSeconds} (2), so the JIT has seen all code paths
 * before the first measured phase). The figure is the
 * events found in the buffer streams after the phase divided by the phase's time (for the inputs
 * without an answer — syslog, JSON lines — until the buffer stopped growing). Also the CPU time per
 * event of this whole JVM (clients and ingest) and of redis-server ({@code /proc/<pid>/stat}, else
 * INFO cpu), and for the listener inputs what ingest read and dropped and the kernel's UDP
 * receive-buffer overflows. Sluice's own gRPC Push runs first and last, the reference every input is divided by.
 * Prints a Markdown table.
 */
public final class IngestInputsHarness {

    private static final int SECONDS = Integer.getInteger("seconds", 8);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmupSeconds", 3);
    private static final int JVM_WARMUP_SECONDS = Integer.getInteger("jvmWarmupSeconds", 2);
    private static final int CLIENTS = Integer.getInteger("clients", 4);
    private static final int BATCH = Integer.getInteger("batch", 500);
    private static final String ONLY = System.getProperty("inputs", "");
    private static final String REDIS = System.getProperty("redis", "redis://127.0.0.1:6379");
    private static final String MYSQL = System.getProperty("mysql", "mysql://root@127.0.0.1:3306/sluice_bench");
    private static final String TENANT = "default";
    private static final String API_KEY = ApiKeyFormat.generate();
    /** CPU time of the client threads that have ended. */
    private static final LongAdder ENDED_CLIENTS_CPU_NANOS = new LongAdder();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private IngestInputsHarness() {
    }

    /** One client connection (or channel share) of an input; {@code send} returns the events the server acknowledged. */
    interface Client extends AutoCloseable {
        long send(List<String> batch) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** An input: its name, wire format, whether the server answers each batch, and a client per sending thread. */
    record Input(String name, String format, boolean answered, Function<Ports, Client> client) {
    }

    /** Where the harness's ingest listens. */
    record Ports(int http, int grpc, int syslogTcp, int syslogUdp, int jsonTcp, ManagedChannel channel, HttpClient httpClient,
            MeterRegistry meters) {
    }

    /** One measured phase. */
    record Result(Input input, long sent, long acked, long inBuffer, long entries, double seconds, double jvmCpu,
            double clientCpu, double redisCpu, long errors, String firstError, String listener) {

        double perSecond() {
            return inBuffer / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = LoghubLines.load();
        String prefix = "bench-inputs:" + UUID.randomUUID() + ":";
        int http = freePort();
        int grpc = freePort();
        int syslogTcp = freePort();
        int syslogUdp = freeUdpPort();
        int jsonTcp = freePort();
        ConfigurableApplicationContext ingest = new SpringApplicationBuilder(IngestApplication.class)
                .properties(IngestApplication.defaultProperties())
                .run("--server.port=" + http, "--spring.grpc.server.port=" + grpc, "--sluice.redis.url=" + REDIS,
                        "--sluice.redis.key-prefix=" + prefix, "--sluice.agent.enabled=false", "--logging.level.root=WARN",
                        "--sluice.mysql.url=" + MYSQL, "--sluice.tenancy.bootstrap-api-key=" + API_KEY,
                        "--sluice.ingest.limits.enabled=false",
                        "--sluice.ingest.syslog.tcp.host=127.0.0.1", "--sluice.ingest.syslog.tcp.port=" + syslogTcp,
                        "--sluice.ingest.syslog.tcp.tenant=" + TENANT,
                        "--sluice.ingest.syslog.udp.host=127.0.0.1", "--sluice.ingest.syslog.udp.port=" + syslogUdp,
                        "--sluice.ingest.syslog.udp.tenant=" + TENANT,
                        "--sluice.ingest.json-tcp.host=127.0.0.1", "--sluice.ingest.json-tcp.port=" + jsonTcp,
                        "--sluice.ingest.json-tcp.tenant=" + TENANT);
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + grpc, InsecureChannelCredentials.create()).build();
        HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Ports ports = new Ports(http, grpc, syslogTcp, syslogUdp, jsonTcp, channel, httpClient, ingest.getBean(MeterRegistry.class));
        RedisClient redisClient = RedisClient.create(REDIS);
        try (BufferStream buffer = new BufferStream(REDIS, prefix);
                StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            RedisCpu redisCpu = new RedisCpu(redis);
            String load = loadAverage();
            List<Input> inputs = inputs().stream()
                    .filter(i -> ONLY.isBlank() || List.of(ONLY.split(",")).contains(i.name()) || i.name().equals("grpc-push"))
                    .toList();
            List<Result> results = new ArrayList<>();
            try {
                for (Input input : inputs) {
                    System.out.printf(Locale.ROOT, "%s: JVM warm-up %d s%n", input.name(), JVM_WARMUP_SECONDS);
                    run(input, ports, lines, new AtomicLong(), JVM_WARMUP_SECONDS, buffer);
                    buffer.deleteAll();
                }
                for (Input input : inputs) {
                    results.add(measure(input, ports, lines, buffer, redisCpu));
                }
                results.add(measure(inputs.get(0), ports, lines, buffer, redisCpu));
            } finally {
                buffer.deleteAll();
            }
            print(results, lines.size(), redisCpu.source(), load, loadAverage());
        } finally {
            channel.shutdownNow();
            redisClient.shutdown();
            ingest.close();
        }
    }

    private static List<Input> inputs() {
        Metadata credentials = new Metadata();
        credentials.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + API_KEY);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("bench:" + API_KEY).getBytes(StandardCharsets.UTF_8));
        String apiKey = "ApiKey " + Base64.getEncoder().encodeToString(("bench:" + API_KEY).getBytes(StandardCharsets.UTF_8));
        AtomicLong keys = new AtomicLong();
        String run = UUID.randomUUID().toString();
        return List.of(
                new Input("grpc-push", "Sluice `IngestService/Push`, `LogBatch` protobuf (the agent's)", true, ports -> {
                    var stub = IngestServiceGrpc.newBlockingStub(ports.channel())
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
                    return batch -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                            .push(InputBodies.push(batch, run + ":" + keys.incrementAndGet())).getAccepted();
                }),
                new Input("http-json", "`POST /api/v1/logs`, JSON array", true, ports -> batch -> {
                    post(ports, "/api/v1/logs", "application/json", "Bearer " + API_KEY, InputBodies.httpJson(batch));
                    return batch.size();
                }),
                new Input("otlp-grpc", "OTLP gRPC `LogsService/Export`, protobuf", true, ports -> {
                    var stub = LogsServiceGrpc.newBlockingStub(ports.channel())
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
                    return batch -> {
                        var response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(InputBodies.otlp(batch));
                        return batch.size() - (response.hasPartialSuccess() ? response.getPartialSuccess().getRejectedLogRecords() : 0);
                    };
                }),
                new Input("otlp-http", "OTLP/HTTP `POST /v1/logs`, `application/x-protobuf`", true, ports -> batch -> {
                    post(ports, "/v1/logs", "application/x-protobuf", "Bearer " + API_KEY, InputBodies.otlp(batch).toByteArray());
                    return batch.size();
                }),
                new Input("loki-push", "Loki `POST /loki/api/v1/push`, snappy protobuf, Basic auth", true, ports -> batch -> {
                    post(ports, "/loki/api/v1/push", "application/x-protobuf", basic, InputBodies.lokiSnappy(batch));
                    return batch.size();
                }),
                new Input("es-bulk", "Elasticsearch `POST /_bulk`, NDJSON `create` + ECS doc, ApiKey auth", true, ports -> batch -> {
                    String answer = post(ports, "/_bulk", "application/x-ndjson", apiKey, InputBodies.elasticBulk(batch));
                    if (answer.contains("\"errors\":true")) {
                        throw new IllegalStateException("bulk item errors: " + answer.substring(0, Math.min(300, answer.length())));
                    }
                    return batch.size();
                }),
                new Input("syslog-tcp", "syslog RFC 5424, octet counting, TCP (listener bound to the tenant)", false,
                        ports -> tcp(ports.syslogTcp(), InputBodies::syslogOctetCounted)),
                new Input("json-tcp", "JSON lines (LogstashEncoder) over TCP (listener bound to the tenant)", false,
                        ports -> tcp(ports.jsonTcp(), InputBodies::logstashJsonLines)),
                new Input("syslog-udp", "syslog RFC 5424, one datagram per line, UDP, unpaced", false, ports -> udp(ports.syslogUdp())));
    }

    private static String post(Ports ports, String path, String contentType, String authorization, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = ports.httpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return response.body();
    }

    private static Client tcp(int port, Function<List<String>, byte[]> frames) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            return new Client() {
                @Override
                public long send(List<String> batch) throws IOException {
                    out.write(frames.apply(batch));
                    return 0;
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                    socket.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Client udp(int port) {
        try {
            DatagramSocket socket = new DatagramSocket();
            InetAddress localhost = InetAddress.getByName("127.0.0.1");
            return new Client() {
                @Override
                public long send(List<String> batch) throws IOException {
                    long nanos = InputBodies.nowNanos();
                    for (int i = 0; i < batch.size(); i++) {
                        byte[] message = InputBodies.syslog5424(batch.get(i), nanos + i);
                        socket.send(new DatagramPacket(message, message.length, localhost, port));
                    }
                    return 0;
                }

                @Override
                public void close() {
                    socket.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result measure(Input input, Ports ports, List<String> lines, BufferStream buffer, RedisCpu redisCpu)
            throws Exception {
        System.out.printf(Locale.ROOT, "%s: warm-up %d s, measured %d s ...%n", input.name(), WARMUP_SECONDS, SECONDS);
        AtomicLong cursor = new AtomicLong();
        run(input, ports, lines, cursor, WARMUP_SECONDS, buffer);
        buffer.deleteAll();
        long jvm = OS.getProcessCpuTime();
        long client = clientThreadsCpuNanos();
        double redis = redisCpu.seconds();
        ListenerDrops drops = ListenerDrops.snapshot(ports.meters());
        long start = System.nanoTime();
        Sent sent = run(input, ports, lines, cursor, SECONDS, buffer);
        double seconds = (sent.endNanos() - start) / 1e9;
        double jvmCpu = (OS.getProcessCpuTime() - jvm) / 1e9;
        double clientCpu = (clientThreadsCpuNanos() - client) / 1e9;
        double redisSeconds = redisCpu.seconds() - redis;
        String listener = input.answered() ? null : ListenerDrops.snapshot(ports.meters()).since(drops);
        long inBuffer = buffer.events();
        long entries = buffer.entries();
        buffer.deleteAll();
        Result result = new Result(input, sent.events(), sent.acked(), inBuffer, entries, seconds, jvmCpu, clientCpu, redisSeconds,
                sent.errors(), sent.firstError(), listener);
        System.out.printf(Locale.ROOT, "  %,d events in the buffer in %.2f s = %,.0f/s (sent %,d, acknowledged %,d, errors %d%s)%n",
                inBuffer, seconds, result.perSecond(), sent.events(), sent.acked(), sent.errors(),
                sent.firstError() == null ? "" : ", first: " + sent.firstError());
        if (listener != null) {
            System.out.println("  " + listener);
        }
        return result;
    }

    /** What one phase sent; {@code endNanos}: the last answer, or for unanswered inputs when the buffer stopped growing. */
    record Sent(long events, long acked, long errors, String firstError, long endNanos) {
    }

    private static Sent run(Input input, Ports ports, List<String> lines, AtomicLong cursor, int seconds, BufferStream buffer)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        LongAdder sent = new LongAdder();
        LongAdder acked = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        List<Client> clients = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < CLIENTS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    runClient(input, ports, lines, cursor, deadline, sent, acked, errors, firstError, clients);
                } finally {
                    ENDED_CLIENTS_CPU_NANOS.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }, "bench-client-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long end = System.nanoTime();
        if (!input.answered()) {
            // connections stay open until ingest has stored everything, as a long-lived shipper's do
            end = settled(buffer, end);
        }
        for (Client client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                errors.increment();
                firstError.compareAndSet(null, "close: " + e);
            }
        }
        return new Sent(sent.sum(), input.answered() ? acked.sum() : 0, errors.sum(), firstError.get(), end);
    }

    private static void runClient(Input input, Ports ports, List<String> lines, AtomicLong cursor, long deadline, LongAdder sent,
            LongAdder acked, LongAdder errors, AtomicReference<String> firstError, List<Client> clients) {
        try {
            Client client = input.client().apply(ports);
            clients.add(client);
            while (System.nanoTime() < deadline) {
                List<String> batch = batch(lines, cursor.getAndIncrement());
                try {
                    acked.add(client.send(batch));
                } catch (Exception e) {
                    errors.increment();
                    firstError.compareAndSet(null, String.valueOf(e));
                }
                sent.add(batch.size());
            }
        } catch (RuntimeException e) {
            errors.increment();
            firstError.compareAndSet(null, String.valueOf(e));
        }
    }

    /** Waits until the buffer has not grown for 1 s (at most 60 s); returns when it last grew (not before {@code sendEnd}). */
    private static long settled(BufferStream buffer, long sendEnd) throws InterruptedException {
        long last = buffer.entries();
        long lastChange = sendEnd;
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(1) && System.nanoTime() < limit) {
            Thread.sleep(50);
            long now = buffer.entries();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        return lastChange;
    }

    private static List<String> batch(List<String> lines, long index) {
        int from = (int) ((index * BATCH) % lines.size());
        List<String> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(lines.get((from + i) % lines.size()));
        }
        return batch;
    }

    /**
     * CPU time of the threads that play the clients: the {@code bench-client-*} threads of the
     * phases that ended (each adds its own when it ends) and the JDK HTTP client's live
     * {@code HttpClient-*} threads; the gRPC client's Netty threads are shared with the server and
     * count as ingest.
     */
    private static long clientThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = ENDED_CLIENTS_CPU_NANOS.sum();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("HttpClient-")) {
                long cpu = threads.getThreadCpuTime(thread.getId());
                nanos += Math.max(0, cpu);
            }
        }
        return nanos;
    }

    private static void print(List<Result> results, int distinct, String redisSource, String loadBefore, String loadAfter) {
        Result first = results.get(0);
        Result last = results.get(results.size() - 1);
        double reference = (first.perSecond() + last.perSecond()) / 2;
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nLoghub-2k lines (%,d distinct, cycled), batches of %d, %d clients, %d s warm-up + %d s measured"
                + " per input; rate limits off (sluice.ingest.limits.enabled=false)%n", distinct, BATCH, CLIENTS, WARMUP_SECONDS, SECONDS));
        table.append("load average before: ").append(loadBefore).append("; after: ").append(loadAfter).append('\n');
        table.append("redis-server CPU from ").append(redisSource).append("\n\n");
        table.append("| input | wire format | events in buffer | s | events/s accepted | ÷ gRPC Push | sent | lost | JVM CPU µs/event | of which ingest (JVM − client threads) | redis CPU µs/event | errors |\n");
        table.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            String name = r.input().name() + (i == 0 ? " (reference, first)" : i == results.size() - 1 ? " (reference, again last)" : "");
            long lost = r.sent() - r.inBuffer();
            table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.2f | %,.0f | %.2f× | %,d | %,d%s | %.1f | %.1f | %.1f | %s |%n",
                    name, r.input().format(), r.inBuffer(), r.seconds(), r.perSecond(), r.perSecond() / reference, r.sent(), lost,
                    r.sent() > 0 && lost != 0 ? String.format(Locale.ROOT, " (%.1f %%)", 100.0 * lost / r.sent()) : "",
                    r.jvmCpu() * 1e6 / Math.max(1, r.inBuffer()), (r.jvmCpu() - r.clientCpu()) * 1e6 / Math.max(1, r.inBuffer()),
                    r.redisCpu() * 1e6 / Math.max(1, r.inBuffer()),
                    r.errors() == 0 ? "0" : r.errors() + ": " + r.firstError().replace('|', '/')));
        }
        for (Result r : results) {
            if (r.listener() != null) {
                table.append(String.format(Locale.ROOT, "%n%s: %s", r.input().name(), r.listener()));
            }
        }
        table.append('\n');
        table.append(String.format(Locale.ROOT, "%nReference = mean of the two gRPC Push phases: %,.0f events/s.%n", reference));
        System.out.print(table);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
