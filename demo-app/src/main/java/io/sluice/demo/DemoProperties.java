package io.sluice.demo;

import java.util.List;
import org.slf4j.event.Level;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the demo generator logs.
 *
 * @param ratePerSecond lines logged per second; 0 or less logs as fast as possible
 * @param totalEvents lines to log before stopping; -1 (any negative value) logs forever
 * @param exitWhenDone whether the application exits (after flushing the agent) once
 *     {@code totalEvents} lines were logged
 * @param exceptionEvery every n-th line is logged with an exception and its stack trace; 0 never
 * @param levelCycle when not empty, line n (counting from 1) is logged at
 *     {@code levelCycle[(n - 1) % size]} instead of the level read from its text, so a test knows
 *     the level of every {@code seq} and can make the demo emit TRACE and DEBUG (the logger
 *     {@code loghub} must then let them through: {@code logging.level.loghub=TRACE})
 */
@ConfigurationProperties("demo")
public record DemoProperties(
        @DefaultValue("20") double ratePerSecond,
        @DefaultValue("-1") long totalEvents,
        @DefaultValue("false") boolean exitWhenDone,
        @DefaultValue("200") int exceptionEvery,
        @DefaultValue List<Level> levelCycle) {

    public DemoProperties {
        levelCycle = levelCycle == null ? List.of() : List.copyOf(levelCycle);
    }
}
