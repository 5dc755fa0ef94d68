package io.sluice.bench;

import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by the redis-server the harness talks to: utime + stime of
 * {@code /proc/<pid>/stat} (the pid from INFO server) when that file is readable, else
 * used_cpu_user + used_cpu_sys of INFO cpu. Redis is shared, so it includes other clients' work.
 */
final class RedisCpu {

    /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final StatefulRedisConnection<String, String> redis;
    private final Path stat;

    RedisCpu(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
        Path path = Path.of("/proc", field(redis.sync().info("server"), "process_id"), "stat");
        this.stat = Files.isReadable(path) ? path : null;
    }

    /** Where the figure comes from. */
    String source() {
        return stat != null ? stat + " (utime + stime)" : "INFO cpu (used_cpu_user + used_cpu_sys)";
    }

    /** CPU seconds used so far. */
    double seconds() {
        if (stat != null) {
            try {
                String text = Files.readString(stat);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                // after "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + stat, e);
            }
        }
        String info = redis.sync().info("cpu");
        return Double.parseDouble(field(info, "used_cpu_user")) + Double.parseDouble(field(info, "used_cpu_sys"));
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException("INFO has no " + name);
    }
}
