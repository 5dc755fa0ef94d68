package io.sluice.ingest.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Counts established TCP connections on a local port, as the kernel lists them in /proc/net/tcp{,6}. */
final class OpenConnections {

    private static final String ESTABLISHED = "01";

    private OpenConnections() {
    }

    /** Established connections whose local port is {@code port} (the server side of each). */
    static long onLocalPort(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns.length > 3 && columns[1].endsWith(hexPort) && columns[3].equals(ESTABLISHED)) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }
}
