package io.sluice.logstore.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alias table of one (tenant, service) in memory: resolves a template id to the live template it was
 * merged into, following chains (a merged template may itself be merged later). A cycle — impossible from
 * one miner, conceivable when two instances merged in opposite directions — ends at the first repeated id.
 */
public final class Aliases {

    private final Map<Long, Long> into = new HashMap<>();

    /** The aliases among {@code rows} (all of one tenant and service). */
    public static Aliases of(List<TemplateAlias> rows) {
        Aliases a = new Aliases();
        for (TemplateAlias r : rows) {
            a.into.putIfAbsent(r.fromId(), r.intoId());
        }
        return a;
    }

    /** The live id for {@code id}: itself when it was never merged. */
    public long resolve(long id) {
        long current = id;
        for (int hops = 0; hops <= into.size(); hops++) {
            Long next = into.get(current);
            if (next == null || next == id) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** Whether {@code id} was merged into another template. */
    public boolean isAlias(long id) {
        return into.containsKey(id);
    }
}
