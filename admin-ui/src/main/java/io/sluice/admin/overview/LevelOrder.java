package io.sluice.admin.overview;

import io.sluice.common.event.Levels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The order levels are stacked and listed in: known levels least to most severe, then any others by name. */
final class LevelOrder {

    private LevelOrder() {
    }

    static List<String> of(Collection<String> present) {
        List<String> out = new ArrayList<>();
        for (String level : Levels.ALL) {
            if (present.contains(level)) {
                out.add(level);
            }
        }
        present.stream().filter(l -> !Levels.ALL.contains(l)).sorted().forEach(out::add);
        return out;
    }
}
