package io.sluice.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs fuzz senders and valid senders side by side on separate connections (or sockets), each on
 * its own thread, and fails when any does not finish in time.
 */
public final class FuzzRun {

    private FuzzRun() {
    }

    /** Runs every task in parallel and waits at most {@code seconds} for all. */
    public static void parallel(int seconds, List<ThrowingRunnable> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (ThrowingRunnable task : tasks) {
                futures.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(seconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Opens a TCP connection to {@code port}, writes {@code count} chunks from {@code chunk} and
     * closes it; {@code abort} closes with a reset instead of a normal close. A reset by the server
     * (it may close a connection it finds idle or full) ends the writing quietly.
     */
    public static void tcp(int port, int count, IntFunction<byte[]> chunk, boolean abort) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < count; i++) {
                    out.write(chunk.apply(i));
                }
                out.flush();
            } catch (IOException closedByServer) {
                return;
            }
            if (abort) {
                socket.setSoLinger(true, 0);
            } else {
                socket.shutdownOutput();
                // wait for the server to finish and close its side
                while (socket.getInputStream().read() >= 0) {
                    // the listeners never send anything
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A task that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /** Runs the task. */
        void run() throws Exception;
    }
}
