package io.sluice.system;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads what an agent left in its spool directory, through the agent's own {@code DiskSpool} API
 * (open, next, ack), on a copy of the directory so the original stays exactly as the agent left it.
 *
 * <p>The agent is deliberately not on the system tests' class path (its Spring listener would
 * attach it to every in-JVM service), so its classes are loaded in an isolated class loader from
 * the libraries inside the demo app's executable jar: the very agent the demo process ran.
 */
final class AgentSpoolReader {

    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*\"?(\\d+)\"?");
    /** Where copies and the unpacked agent go: under system-tests/target, so a clean build removes them. */
    private static final Path SCRATCH = Path.of("system-tests", "target", "agent-spool-reader");
    private static ClassLoader agentClasses;

    /** One spooled batch, the demo {@code seq} numbers of its events and their levels. */
    record Batch(long sequence, String idempotencyKey, boolean priority, int events, List<Long> seqs, List<String> levels) {
    }

    /** Every batch the spool would deliver, in delivery order, and the warnings it reported on opening. */
    record Contents(List<Batch> batches, List<String> warnings) {

        /** The {@code seq} of every event of every batch (with repeats, if a seq was spooled twice). */
        List<Long> seqs() {
            return batches.stream().flatMap(b -> b.seqs().stream()).toList();
        }

        int events() {
            return batches.stream().mapToInt(Batch::events).sum();
        }

        /** Spooled events per level. */
        Map<String, Long> levels() {
            return batches.stream().flatMap(b -> b.levels().stream())
                    .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        }
    }

    private AgentSpoolReader() {
    }

    /** Copies {@code spoolDir} to a scratch directory and reads every pending batch of the copy. */
    static Contents readCopyOf(Path spoolDir) {
        try {
            Path copy = Files.createDirectories(SCRATCH.resolve("copy-" + UUID.randomUUID()));
            try {
                try (Stream<Path> files = Files.list(spoolDir)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
                return read(copy);
            } finally {
                try (Stream<Path> files = Files.list(copy)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Contents read(Path dir) {
        try {
            ClassLoader loader = agentClasses();
            Class<?> diskSpool = loader.loadClass("io.sluice.agent.core.spool.DiskSpool");
            Class<?> spoolConfig = loader.loadClass("io.sluice.agent.core.spool.SpoolConfig");
            Class<?> spooledBatch = loader.loadClass("io.sluice.agent.core.spool.SpooledBatch");
            Class<?> diagnostics = loader.loadClass("io.sluice.agent.core.AgentDiagnostics");
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            Object recordingDiagnostics = Proxy.newProxyInstance(loader, new Class<?>[] {diagnostics},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "warn" -> {
                            warnings.add(args[0] + (args[1] == null ? "" : " (" + args[1] + ")"));
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "recording diagnostics";
                        default -> null;
                    });
            Object config = spoolConfig.getConstructor(long.class, long.class, boolean.class)
                    .newInstance(1L << 30, 16L << 20, false);
            Object spool = diskSpool.getMethod("open", Path.class, spoolConfig, diagnostics)
                    .invoke(null, dir, config, recordingDiagnostics);
            Method next = diskSpool.getMethod("next");
            Method ack = diskSpool.getMethod("ack", long.class);
            Method close = diskSpool.getMethod("close");
            List<Batch> batches = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            try {
                Optional<?> batch;
                while ((batch = (Optional<?>) next.invoke(spool)).isPresent()) {
                    Object b = batch.get();
                    long sequence = (long) spooledBatch.getMethod("sequence").invoke(b);
                    if (!seen.add(sequence)) {
                        throw new IllegalStateException("the spool returned batch " + sequence + " again after its ack");
                    }
                    batches.add(decode(sequence, (String) spooledBatch.getMethod("idempotencyKey").invoke(b),
                            (boolean) spooledBatch.getMethod("priority").invoke(b),
                            (byte[]) spooledBatch.getMethod("payload").invoke(b)));
                    ack.invoke(spool, sequence);
                }
            } finally {
                close.invoke(spool);
            }
            return new Contents(List.copyOf(batches), List.copyOf(warnings));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the agent's DiskSpool failed on " + dir, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the agent in the demo jar has no DiskSpool API as agreed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the agent from the demo jar", e);
        }
    }

    private static Batch decode(long sequence, String key, boolean priority, byte[] payload) {
        try {
            byte[] bytes = payload;
            if (bytes.length > 1 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
                    bytes = in.readAllBytes();
                }
            }
            LogBatch logBatch = LogBatch.parseFrom(bytes);
            List<Long> seqs = new ArrayList<>();
            List<String> levels = new ArrayList<>();
            for (LogEvent event : logBatch.getEventsList()) {
                levels.add(event.getLevel());
                Matcher m = SEQ.matcher(event.getAttributesJson());
                if (m.find()) {
                    seqs.add(Long.parseLong(m.group(1)));
                }
            }
            return new Batch(sequence, key, priority, logBatch.getEventsCount(), List.copyOf(seqs), List.copyOf(levels));
        } catch (IOException e) {
            throw new IllegalStateException("spooled batch " + sequence + " is not a LogBatch", e);
        }
    }

    /**
     * The agent's classes (and its libraries) from the demo's executable jar, in a loader of their
     * own; unpacked once per build of that jar.
     */
    private static synchronized ClassLoader agentClasses() throws IOException {
        if (agentClasses == null) {
            Path execJar = AgentDemoProcess.execJar();
            Path libs = SCRATCH.resolve("libs-" + Files.getLastModifiedTime(execJar).toMillis() + "-" + Files.size(execJar));
            Path complete = libs.resolve(".complete");
            List<URL> urls = new ArrayList<>();
            try (JarFile exec = new JarFile(execJar.toFile())) {
                Files.createDirectories(libs);
                Enumeration<JarEntry> entries = exec.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                        Path lib = libs.resolve(entry.getName().substring("BOOT-INF/lib/".length()));
                        if (!Files.exists(complete)) {
                            try (InputStream in = exec.getInputStream(entry)) {
                                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                        urls.add(lib.toUri().toURL());
                    }
                }
            }
            if (!Files.exists(complete)) {
                Files.createFile(complete);
            }
            agentClasses = new URLClassLoader("demo-app-agent", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }
        return agentClasses;
    }
}
