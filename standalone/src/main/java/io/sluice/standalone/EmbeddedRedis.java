package io.sluice.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary shipped inside the embedded-redis artifact) on a loopback port
 * of its own, with append-only persistence under the data directory so a restart loses nothing.
 */
final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedis start(Path dir, int port) {
        try {
            Path absolute = dir.toAbsolutePath().normalize();
            Files.createDirectories(absolute);
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + absolute)
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .setting("protected-mode yes")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            log.info("Embedded Redis listening on 127.0.0.1:{} (data in {})", port, absolute);
            return new EmbeddedRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis on port " + port + ": " + e.getMessage(), e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("Embedded Redis did not stop cleanly: {}", e.getMessage());
        }
    }
}
