package io.sluice.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and bytes allocated by the JVM's live threads, grouped by who they work for: the
 * logging threads ({@code app}: JMH workers and {@code bench-app-*}), the Sluice agent's own
 * thread ({@code agent}: threads whose name contains "sluice") and its gRPC/Netty client threads
 * ({@code transport}), the
 * benchmark sink ({@code sink}: {@code bench-sink-*}), Logback's AsyncAppender worker
 * ({@code async}) and everything else. JMH's {@code -prof gc} sums the bytes of all threads and its
 * ns/op is wall-clock time; this tells whose bytes they are, and the CPU time a logging thread
 * spent per call, which a busy machine's scheduler does not inflate.
 */
final class ThreadUsage {

    /** What one group of threads used between two snapshots. */
    record Usage(long cpuNanos, long bytes) {

        Usage plus(Usage other) {
            return new Usage(cpuNanos + other.cpuNanos, bytes + other.bytes);
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Long, Usage> byThread = new HashMap<>();
    private final Map<Long, String> groupByThread = new HashMap<>();

    private ThreadUsage() {
    }

    /** The CPU and allocation counters of every live thread now. */
    static ThreadUsage snapshot() {
        ThreadUsage snapshot = new ThreadUsage();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long id = thread.getId();
            long bytes = THREADS.getThreadAllocatedBytes(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (bytes >= 0 && cpu >= 0) {
                snapshot.byThread.put(id, new Usage(cpu, bytes));
                snapshot.groupByThread.put(id, group(thread.getName()));
            }
        }
        return snapshot;
    }

    /** Usage since {@code earlier}, per group (threads born since count from zero). */
    Map<String, Usage> since(ThreadUsage earlier) {
        Map<String, Usage> byGroup = new TreeMap<>();
        byThread.forEach((id, now) -> {
            Usage before = earlier.byThread.getOrDefault(id, new Usage(0, 0));
            byGroup.merge(groupByThread.get(id), new Usage(now.cpuNanos - before.cpuNanos, now.bytes - before.bytes), Usage::plus);
        });
        return byGroup;
    }

    static String group(String threadName) {
        String name = threadName.toLowerCase(Locale.ROOT);
        if (name.contains("jmh-worker") || name.startsWith("bench-app")) {
            return "app";
        }
        if (name.startsWith("bench-sink")) {
            return "sink";
        }
        if (name.contains("sluice")) {
            return "agent";
        }
        if (name.startsWith("grpc-") || name.contains("netty")) {
            return "transport";
        }
        if (name.contains("asyncappender")) {
            return "async";
        }
        return "other";
    }
}
