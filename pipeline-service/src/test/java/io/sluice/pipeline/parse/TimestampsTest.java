package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    static final long REF = nanos("2024-03-10T12:00:00Z");

    static long nanos(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    long value(String v) {
        return Timestamps.parseValue(v, REF);
    }

    @Test
    void iso8601AndRfc3339WithAndWithoutZoneAndFraction() {
        assertThat(value("2024-03-10T11:59:58Z")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("2024-03-10T11:59:58.123456789Z")).isEqualTo(nanos("2024-03-10T11:59:58.123456789Z"));
        assertThat(value("2024-03-10T13:59:58.5+02:00")).isEqualTo(nanos("2024-03-10T11:59:58.5Z"));
        assertThat(value("2024-03-10T06:29:58-0530")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("2024-03-10 11:59:58")).as("no zone is UTC").isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("2024-03-10 11:59:58,250")).isEqualTo(nanos("2024-03-10T11:59:58.250Z"));
        assertThat(value("2024/03/10 11:59:58")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("2024-02-29T00:00:00Z")).isEqualTo(nanos("2024-02-29T00:00:00Z"));
        assertThat(value("1969-12-31T23:59:59Z")).isEqualTo(-1_000_000_000L);
    }

    @Test
    void syslogTimeTakesTheYearOfTheReferenceAndNeverLandsFarInTheFuture() {
        assertThat(value("Mar 10 11:59:58")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("Mar  9 11:59:58.250")).isEqualTo(nanos("2024-03-09T11:59:58.250Z"));
        long newYear = nanos("2024-01-01T00:00:05Z");
        assertThat(Timestamps.parseValue("Dec 31 23:59:59", newYear)).isEqualTo(nanos("2023-12-31T23:59:59Z"));
    }

    @Test
    void apacheCommonLogTime() {
        assertThat(value("10/Mar/2024:13:59:58 +0200")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("[10/Mar/2024:11:59:58 +0000]")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
    }

    @Test
    void epochNumbersAreToldApartByTheirDigitCount() {
        long t = nanos("2024-03-10T11:59:58.123456789Z");
        assertThat(value("1710071998")).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(value("1710071998.5")).isEqualTo(nanos("2024-03-10T11:59:58.5Z"));
        assertThat(value("1710071998123")).isEqualTo(nanos("2024-03-10T11:59:58.123Z"));
        assertThat(value("1710071998123456")).isEqualTo(nanos("2024-03-10T11:59:58.123456Z"));
        assertThat(value("1710071998123456789")).isEqualTo(t);
        assertThat(value("42")).isEqualTo(Timestamps.NONE);
        assertThat(value("17100719981234567890")).isEqualTo(Timestamps.NONE);
    }

    @Test
    void theStartOfALineIsScannedButNotForBareNumbers() {
        assertThat(Timestamps.parseLineStart("2024-03-10 11:59:58,001 INFO [main] started", REF))
                .isEqualTo(nanos("2024-03-10T11:59:58.001Z"));
        assertThat(Timestamps.parseLineStart("[2024-03-10T11:59:58Z] boot", REF)).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(Timestamps.parseLineStart("Mar 10 11:59:58 host sshd[1]: ok", REF)).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(Timestamps.parseLineStart("[10/Mar/2024:11:59:58 +0000] GET /", REF)).isEqualTo(nanos("2024-03-10T11:59:58Z"));
        assertThat(Timestamps.parseLineStart("1710071998 is a number", REF)).isEqualTo(Timestamps.NONE);
    }

    @Test
    void malformedTimesAreNotTimes() {
        for (String bad : new String[] {"", "2024-13-10T11:59:58Z", "2024-02-30T00:00:00Z", "2024-03-10T25:00:00Z", "2024-03-10T11:59",
                "2024-03-10X11:59:58", "2024-03-10T11:59:58.", "Foo 10 11:59:58", "Mar 10 11-59-58", "10/Xyz/2024:11:59:58 +0000",
                "abc", "12:00:00", "[", "2024-03-10T11:59:58+99:00"}) {
            assertThat(value(bad)).as(bad).isEqualTo(Timestamps.NONE);
            assertThat(Timestamps.parseLineStart(bad, REF)).as(bad).isEqualTo(Timestamps.NONE);
        }
        assertThat(Timestamps.parseValue(null, REF)).isEqualTo(Timestamps.NONE);
    }
}
