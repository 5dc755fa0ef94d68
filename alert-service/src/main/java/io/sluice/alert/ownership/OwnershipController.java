package io.sluice.alert.ownership;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/alert/ownership}: for operators, which instance owns which rule slots, under
 * which fencing token and until when, as Redis holds it now, plus what this instance believes it
 * owns.
 */
@RestController
public class OwnershipController {

    private final LeaseStore store;
    private final SlotOwnership ownership;
    private final OwnershipProperties properties;

    OwnershipController(LeaseStore store, SlotOwnership ownership, OwnershipProperties properties) {
        this.store = store;
        this.ownership = ownership;
        this.properties = properties;
    }

    /** The cluster's ownership; see {@link OwnershipView}. */
    @GetMapping(path = "/api/v1/alert/ownership", produces = "application/json")
    public Mono<OwnershipView> ownership() {
        return store.snapshot(properties.slots()).map(s -> {
            Map<String, Long> counts = s.leases().stream().filter(l -> l.owner() != null)
                    .collect(Collectors.groupingBy(Snapshot.SlotLease::owner, Collectors.counting()));
            List<OwnershipView.InstanceView> instances = s.instances().stream()
                    .map(i -> new OwnershipView.InstanceView(i.id(), i.lastHeartbeat(), counts.getOrDefault(i.id(), 0L).intValue()))
                    .toList();
            return new OwnershipView(ownership.instanceId(), List.copyOf(ownership.ownedSlots()), properties.slots(),
                    properties.leaseTtl().toMillis(), properties.renewInterval().toMillis(), s.now(), instances, s.leases());
        });
    }
}
