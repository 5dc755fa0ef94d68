package io.sluice.alert.ownership;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which slot a rule belongs to: CRC-32 of the rule id's decimal text, modulo the number of slots.
 * CRC-32 because MySQL computes the same function ({@link #SQL}), so a new owner can raise the
 * fencing token of every rule of a slot in one statement without listing them first.
 */
public final class RuleSlots {

    /** The slot of column {@code id} in SQL, for {@code :slots} slots; equal to {@link #slot}. */
    static final String SQL = "MOD(CRC32(id), :slots)";

    private RuleSlots() {
    }

    /** The slot of rule {@code ruleId} among {@code slots} slots (0 … slots − 1). */
    public static int slot(long ruleId, int slots) {
        CRC32 crc = new CRC32();
        crc.update(Long.toString(ruleId).getBytes(StandardCharsets.US_ASCII));
        return (int) (crc.getValue() % slots);
    }
}
