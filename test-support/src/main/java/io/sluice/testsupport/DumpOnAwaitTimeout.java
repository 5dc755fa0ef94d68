package io.sluice.testsupport;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.TimeoutEvent;

/**
 * Dumps every thread the moment an Awaitility wait gives up — while the services under test are
 * still running, before the test's clean-up closes them.
 */
final class DumpOnAwaitTimeout implements ConditionEvaluationListener<Object> {

    /** Makes this the default listener of every Awaitility wait in this JVM. */
    static void install() {
        Awaitility.setDefaultConditionEvaluationListener(new DumpOnAwaitTimeout());
    }

    @Override
    public void conditionEvaluated(EvaluatedCondition<Object> condition) {
    }

    @Override
    public void onTimeout(TimeoutEvent timeout) {
        System.err.println(ThreadDump.of("an Awaitility wait timed out: " + timeout.getDescription()));
    }
}
