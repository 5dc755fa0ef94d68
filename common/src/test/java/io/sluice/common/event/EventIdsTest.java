package io.sluice.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsOfABatchShareTheirPrefixAndCountUpInTheLastEightHexDigits() {
        EventIds.Batch batch = EventIds.batch();
        String first = batch.next();
        String second = batch.next();

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second.substring(0, 24)).isEqualTo(first.substring(0, 24));
        assertThat(first.substring(24)).isEqualTo("00000000");
        assertThat(second.substring(24)).isEqualTo("00000001");
    }

    @Test
    void writingAnIdAsBytesGivesTheAsciiOfTheIdTheBatchWouldHaveReturned() {
        EventIds.Batch batch = EventIds.batch();
        String first = batch.next();
        byte[] out = new byte[40];

        batch.next(out, 4);

        String second = new String(out, 4, 32, StandardCharsets.US_ASCII);
        assertThat(second).matches("[0-9a-f]{32}").startsWith(first.substring(0, 24)).endsWith("00000001");
        assertThat(batch.next()).endsWith("00000002");
    }
}
