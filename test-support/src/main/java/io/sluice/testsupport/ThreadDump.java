package io.sluice.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Every live thread's full stack as text, for the diagnostics of failed tests. */
final class ThreadDump {

    private ThreadDump() {
    }

    /** A dump headed by {@code title}. */
    static String of(String title) {
        StringBuilder dump = new StringBuilder("=== thread dump: ").append(title).append('\n');
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(fullStack(thread));
        }
        return dump.append("=== end of thread dump").toString();
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
