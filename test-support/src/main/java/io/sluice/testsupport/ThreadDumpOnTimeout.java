package io.sluice.testsupport;

import java.util.Locale;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints every thread's stack to standard error when a test fails because something did not answer
 * in time (a timeout anywhere in the failure's causes), and — where the module uses Awaitility — the
 * moment a wait gives up. A stall seen once on a busy CI machine is otherwise gone without a trace;
 * the dump shows what the threads were waiting for. Registered for every test run through
 * {@code META-INF/services}.
 */
public class ThreadDumpOnTimeout implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (present("org.awaitility.Awaitility")) {
            DumpOnAwaitTimeout.install();
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable()
                .filter(ThreadDumpOnTimeout::isTimeout)
                .filter(failure -> !failure.getClass().getName().equals("org.awaitility.core.ConditionTimeoutException"))
                .ifPresent(failure -> System.err.println(
                        ThreadDump.of(test.getDisplayName() + " failed on a timeout: " + failure)));
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

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ThreadDumpOnTimeout.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
