package io.sluice.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Locale;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every thread's stack to standard error when a test fails because something did not answer
 * in time (a timeout anywhere in the failure's causes). A stall seen once on a busy CI machine is
 * otherwise gone without a trace; the dump shows what the threads were waiting for. Registered for
 * every test run through {@code META-INF/services}.
 */
public class ThreadDumpOnTimeout implements TestExecutionListener {

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable().filter(ThreadDumpOnTimeout::isTimeout).ifPresent(failure -> {
            StringBuilder dump = new StringBuilder("=== thread dump: ").append(test.getDisplayName())
                    .append(" failed on a timeout: ").append(failure).append('\n');
            for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                dump.append(fullStack(thread));
            }
            System.err.println(dump.append("=== end of thread dump"));
        });
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = (t.getClass().getSimpleName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("timeout") || text.contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    /** {@link ThreadInfo#toString()} cuts stacks at 8 frames; this prints them whole. */
    private static String fullStack(ThreadInfo thread) {
        StringBuilder out = new StringBuilder().append('"').append(thread.getThreadName()).append("\" ")
                .append(thread.getThreadState());
        if (thread.getLockName() != null) {
            out.append(" on ").append(thread.getLockName());
        }
        if (thread.getLockOwnerName() != null) {
            out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
        }
        out.append('\n');
        for (StackTraceElement frame : thread.getStackTrace()) {
            out.append("\tat ").append(frame).append('\n');
        }
        return out.append('\n').toString();
    }
}
