package io.sluice.demo;

import org.slf4j.event.Level;

/**
 * One line of the Loghub sample.
 *
 * @param dataset the system it comes from (HDFS, Spark, ...); the demo logs it through logger
 *     {@code loghub.<dataset>}
 * @param text the raw line
 * @param level the level it is logged at (see {@link LineLevels})
 */
record LoghubLine(String dataset, String text, Level level) {
}
