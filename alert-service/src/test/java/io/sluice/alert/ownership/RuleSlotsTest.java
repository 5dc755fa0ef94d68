package io.sluice.alert.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleSlotsTest {

    @Test
    void aRuleSlotIsCrc32OfItsDecimalIdModuloTheSlotCountAsMysqlComputesIt() {
        // SELECT MOD(CRC32(123), 64) → 18 (CRC32('123') = 2286445522)
        assertThat(RuleSlots.slot(123, 64)).isEqualTo(18);
        assertThat(RuleSlots.slot(123, 1)).isZero();
    }

    @Test
    void consecutiveRuleIdsSpreadOverTheSlots() {
        int[] perSlot = new int[64];
        for (long id = 1; id <= 6400; id++) {
            perSlot[RuleSlots.slot(id, 64)]++;
        }
        for (int count : perSlot) {
            assertThat(count).isBetween(50, 150);
        }
    }
}
