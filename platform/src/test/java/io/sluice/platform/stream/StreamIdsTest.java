package io.sluice.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamIdsTest {

    @Test
    void idsCompareByMillisecondsThenSequenceNumericallyNotAsText() {
        assertThat(StreamIds.compare("9-0", "10-0")).isNegative();
        assertThat(StreamIds.compare("10-2", "10-10")).isNegative();
        assertThat(StreamIds.compare("10-10", "10-10")).isZero();
        assertThat(StreamIds.compare("11", "10-99")).isPositive();
        assertThat(StreamIds.min(List.of("1700000000000-5", "999-0", "1700000000000-0"))).isEqualTo("999-0");
    }
}
