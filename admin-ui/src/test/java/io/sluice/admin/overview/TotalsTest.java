package io.sluice.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TotalsTest {

    @Test
    void levelsAreInSeverityOrderWithSharesAndQueries() {
        Totals totals = Totals.of(snapshot(Map.of("ERROR", 25L, "DEBUG", 50L, "INFO", 25L), Map.of("a", 100L)));

        assertThat(totals.events()).isEqualTo(100);
        assertThat(totals.levels()).extracting(Totals.Row::name).containsExactly("DEBUG", "INFO", "ERROR");
        assertThat(totals.levels()).extracting(Totals.Row::percent).containsExactly("50.0", "25.0", "25.0");
        assertThat(totals.levels().get(2).query()).isEqualTo("{level=\"ERROR\"}");
        assertThat(totals.levels().get(2).cssClass()).isEqualTo("lvl-error");
    }

    @Test
    void servicesAreLargestFirstAndTheLongTailIsFolded() {
        Map<String, Long> services = new HashMap<>();
        for (int i = 0; i < Totals.MAX_SERVICES + 3; i++) {
            services.put("svc-" + i, (long) i + 1);
        }
        long all = services.values().stream().mapToLong(Long::longValue).sum();

        Totals totals = Totals.of(snapshot(Map.of("INFO", all), services));

        assertThat(totals.services()).hasSize(Totals.MAX_SERVICES);
        assertThat(totals.services().get(0).name()).isEqualTo("svc-" + (Totals.MAX_SERVICES + 2));
        assertThat(totals.otherServices()).isEqualTo(3);
        assertThat(totals.otherEvents()).isEqualTo(1 + 2 + 3);
        assertThat(totals.services().get(0).query()).isEqualTo("{service=\"svc-" + (Totals.MAX_SERVICES + 2) + "\"}");
    }

    @Test
    void noEventsMeansZeroShares() {
        Totals totals = Totals.of(snapshot(Map.of("INFO", 0L), Map.of()));

        assertThat(totals.levels().get(0).percent()).isEqualTo("0");
        assertThat(totals.services()).isEmpty();
    }

    private static StatsSnapshot snapshot(Map<String, Long> levels, Map<String, Long> services) {
        long events = levels.values().stream().mapToLong(Long::longValue).sum();
        return new StatsSnapshot(0, 3_600_000, 60_000, List.of(), new StatsSnapshot.Totals(events, levels, services));
    }
}
