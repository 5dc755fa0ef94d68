package io.sluice.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the events of a listener input that never reached the buffer went: frames ingest's
 * listeners read ({@code sluice.ingest.listener.received}), what they dropped by reason
 * ({@code sluice.ingest.listener.dropped}), and the kernel's UDP receive-buffer overflows
 * ({@code RcvbufErrors} of {@code /proc/net/snmp}, machine-wide), as a difference of two snapshots.
 */
record ListenerDrops(double received, Map<String, Double> dropped, long kernelUdpOverflows) {

    static ListenerDrops snapshot(MeterRegistry registry) {
        double received = registry.find("sluice.ingest.listener.received").counters().stream().mapToDouble(Counter::count).sum();
        Map<String, Double> dropped = new TreeMap<>();
        for (Counter counter : registry.find("sluice.ingest.listener.dropped").counters()) {
            dropped.merge(counter.getId().getTag("reason"), counter.count(), Double::sum);
        }
        return new ListenerDrops(received, dropped, readKernelUdpOverflows());
    }

    /** What happened between {@code before} and this snapshot, in words. */
    String since(ListenerDrops before) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "ingest read %,.0f frames", received - before.received));
        dropped.forEach((reason, count) -> {
            double delta = count - before.dropped.getOrDefault(reason, 0.0);
            if (delta > 0) {
                text.append(String.format(Locale.ROOT, ", dropped %,.0f (%s)", delta, reason));
            }
        });
        if (kernelUdpOverflows >= 0 && before.kernelUdpOverflows >= 0) {
            text.append(String.format(Locale.ROOT, "; kernel UDP RcvbufErrors +%,d (machine-wide)", kernelUdpOverflows - before.kernelUdpOverflows));
        }
        return text.toString();
    }

    private static long readKernelUdpOverflows() {
        try {
            List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp: ")).toList();
            List<String> names = List.of(udp.get(0).split(" "));
            return Long.parseLong(udp.get(1).split(" ")[names.indexOf("RcvbufErrors")]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
