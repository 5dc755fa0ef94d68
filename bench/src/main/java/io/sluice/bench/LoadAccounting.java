package io.sluice.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the end-to-end harness's load cost, per event, in figures a busy machine's scheduler does
 * not inflate: CPU time of this JVM's threads grouped by stage (ingest's gRPC threads, the
 * pipeline's parallel and consumer threads, the MySQL and Redis client event loops, the harness's
 * own load generators), CPU time of the redis-server and mariadbd processes ({@code /proc/<pid>/stat}),
 * and round trips: Redis commands (INFO commandstats) and MySQL statements (SHOW GLOBAL STATUS).
 * Both servers are shared with whatever else runs on the machine, so their figures are upper
 * bounds for this run.
 */
final class LoadAccounting {

    private static final double TICKS_PER_SECOND = 100.0;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final List<String> MYSQL_COUNTERS = List.of("Questions", "Com_begin", "Com_commit", "Com_insert", "Com_select");

    private final String redisUrl;
    private final String mysqlHost;
    private final Map<Long, Long> threadCpu = new HashMap<>();
    private Map<String, Long> redisCalls;
    private Map<String, Long> mysqlCounters;
    private long processCpu;
    private double redisCpu;
    private double mysqlCpu;

    private LoadAccounting(String redisUrl, String mysqlHost) {
        this.redisUrl = redisUrl;
        this.mysqlHost = mysqlHost;
    }

    /** The counters now. */
    static LoadAccounting start(String redisUrl, String mysqlHost) throws Exception {
        LoadAccounting a = new LoadAccounting(redisUrl, mysqlHost);
        a.threadCpu.putAll(threadCpuNow());
        a.processCpu = jvmCpu();
        a.redisCalls = a.redisCalls();
        a.mysqlCounters = a.mysqlCounters();
        a.redisCpu = processCpu("redis-server");
        a.mysqlCpu = processCpu("mariadbd");
        return a;
    }

    /** Prints Markdown rows: the costs since {@link #start} divided by {@code events}. */
    void report(long events) throws Exception {
        Map<String, Long> cpuByGroup = new TreeMap<>();
        Map<Long, String> names = new HashMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.put(t.getId(), t.getName()));
        threadCpuNow().forEach((id, cpu) -> cpuByGroup.merge(group(names.getOrDefault(id, "?")), cpu - threadCpu.getOrDefault(id, 0L),
                Long::sum));
        long jvm = cpuByGroup.values().stream().mapToLong(Long::longValue).sum();
        long harness = cpuByGroup.getOrDefault("harness (load generators, probe)", 0L);
        System.out.printf(Locale.ROOT, "| CPU µs/event, Sluice's JVM threads (without the harness's own) | %.1f |%n", (jvm - harness) / 1e3 / events);
        System.out.printf(Locale.ROOT, "|   whole JVM process (also GC, JIT and threads that ended, e.g. the load generators) | %.1f |%n",
                (jvmCpu() - processCpu) / 1e3 / events);
        cpuByGroup.forEach((group, nanos) -> System.out.printf(Locale.ROOT, "|   %s | %.1f |%n", group, nanos / 1e3 / events));
        double redis = processCpu("redis-server") - redisCpu;
        double mysql = processCpu("mariadbd") - mysqlCpu;
        System.out.printf(Locale.ROOT, "| CPU µs/event, redis-server / mariadbd (shared servers: upper bounds) | %.1f / %.1f |%n",
                redis * 1e6 / events, mysql * 1e6 / events);
        Map<String, Long> calls = delta(redisCalls(), redisCalls);
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder top = new StringBuilder();
        calls.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> top.append(String.format(Locale.ROOT, "%s %.1f, ", e.getKey(), e.getValue() * 1000.0 / events)));
        System.out.printf(Locale.ROOT, "| Redis commands per 1,000 events (shared server) | %.1f (%s) |%n", total * 1000.0 / events,
                top.length() > 2 ? top.substring(0, top.length() - 2) : "");
        Map<String, Long> mysql2 = delta(mysqlCounters(), mysqlCounters);
        StringBuilder my = new StringBuilder();
        mysql2.forEach((k, v) -> my.append(String.format(Locale.ROOT, "%s %.2f, ", k, v * 1000.0 / events)));
        System.out.printf(Locale.ROOT, "| MySQL statements per 1,000 events (shared server) | %s |%n", my.substring(0, my.length() - 2));
    }

    /** The stage a thread works for, from its name. */
    static String group(String threadName) {
        String n = threadName.toLowerCase(Locale.ROOT);
        if (n.startsWith("load-") || n.equals("main")) {
            return "harness (load generators, probe)";
        }
        if (n.startsWith("grpc-")) {
            return "ingest (gRPC threads)";
        }
        if (n.startsWith("parallel-") || n.startsWith("sluice-consumer") || n.startsWith("sluice-pipeline")) {
            return "pipeline (parallel scheduler, consumer loops)";
        }
        if (n.startsWith("reactor-tcp") || n.startsWith("r2dbc")) {
            return "MySQL client I/O (R2DBC event loop)";
        }
        if (n.startsWith("lettuce")) {
            return "Redis client I/O (Lettuce event loop)";
        }
        if (n.startsWith("sluice-query")) {
            return "queries (probe)";
        }
        return "other";
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<Long, Long> threadCpuNow() {
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long cpu = THREADS.getThreadCpuTime(t.getId());
            if (cpu >= 0) {
                out.put(t.getId(), cpu);
            }
        }
        return out;
    }

    /** utime + stime in seconds of every process named {@code comm}, 0 when none is readable. */
    private static double processCpu(String comm) {
        double seconds = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (!Files.readString(p.resolve("comm")).trim().equals(comm)) {
                        continue;
                    }
                    String text = Files.readString(p.resolve("stat"));
                    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                    seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                } catch (IOException | RuntimeException e) {
                    // the process ended or is not ours to read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return seconds;
    }

    private Map<String, Long> redisCalls() {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Map<String, Long> out = new TreeMap<>();
            for (String line : c.sync().info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    int at = line.indexOf("calls=") + "calls=".length();
                    out.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
                }
            }
            return out;
        } finally {
            client.shutdown();
        }
    }

    private Map<String, Long> mysqlCounters() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + mysqlHost + "/", "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('" + String.join("','", MYSQL_COUNTERS) + "')")) {
            while (r.next()) {
                out.put(r.getString(1), r.getLong(2));
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        MYSQL_COUNTERS.forEach(k -> ordered.put(k, out.getOrDefault(k, 0L)));
        return ordered;
    }

    private static Map<String, Long> delta(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> out = new LinkedHashMap<>();
        now.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
