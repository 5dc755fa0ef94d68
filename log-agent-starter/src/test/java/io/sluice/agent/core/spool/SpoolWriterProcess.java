package io.sluice.agent.core.spool;

import io.sluice.agent.core.AgentDiagnostics;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A stand-in agent run in its own JVM by {@link SpoolCrashTest} and killed with SIGKILL: it
 * appends batches and acknowledges the oldest pending one after every second append, announcing
 * each step on stdout before ("a 7", "k 7") and after ("A 7", "K 7") doing it.
 */
public final class SpoolWriterProcess {

    private SpoolWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        SpoolConfig config = new SpoolConfig(1L << 30, 16 * 1024, false);
        try (DiskSpool spool = DiskSpool.open(Path.of(args[0]), config, AgentDiagnostics.NONE)) {
            out.println("open " + spool.lastSequence());
            out.flush();
            for (long sequence = spool.lastSequence() + 1; ; sequence++) {
                announce(out, "a", sequence);
                spool.append(batch(sequence));
                announce(out, "A", sequence);
                if (sequence % 2 == 0) {
                    long oldest = spool.next().orElseThrow().sequence();
                    announce(out, "k", oldest);
                    spool.ack(oldest);
                    announce(out, "K", oldest);
                }
            }
        }
    }

    /** The batch appended as {@code sequence}: payload sizes vary, every fifth is a priority batch. */
    static SpooledBatch batch(long sequence) {
        byte[] payload = new byte[(int) (sequence * 37 % 3_000)];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (sequence ^ i);
        }
        return new SpooledBatch(sequence, "writer:" + sequence, sequence % 5 == 0, payload);
    }

    private static void announce(PrintStream out, String step, long sequence) {
        out.println(step + " " + sequence);
        out.flush();
    }
}
