package io.sluice.alert.ownership;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which live instance should own each slot: rendezvous (highest random weight) hashing of
 * (instance id, slot). Every instance computes the same answer from the same list of live
 * instances, each gets about its fair share, and when an instance joins or leaves only the slots
 * it gains or loses move. Pure; no I/O.
 */
final class SlotAssignment {

    private SlotAssignment() {
    }

    /** The slots, of {@code slots}, whose preferred owner among {@code live} is {@code self}. */
    static Set<Integer> targets(String self, Collection<String> live, int slots) {
        Set<Integer> mine = new HashSet<>();
        for (int slot = 0; slot < slots; slot++) {
            if (self.equals(preferred(slot, live))) {
                mine.add(slot);
            }
        }
        return mine;
    }

    /** The preferred owner of {@code slot} among {@code live} (ties broken by id), or null when none is live. */
    static String preferred(int slot, Collection<String> live) {
        String best = null;
        long bestWeight = 0;
        for (String instance : live) {
            long w = weight(instance, slot);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0 || (w == bestWeight && instance.compareTo(best) < 0)) {
                best = instance;
                bestWeight = w;
            }
        }
        return best;
    }

    /** FNV-1a 64 of the id and slot, through MurmurHash3's finaliser so near-equal inputs spread. */
    static long weight(String instance, int slot) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (instance + "#" + slot).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
