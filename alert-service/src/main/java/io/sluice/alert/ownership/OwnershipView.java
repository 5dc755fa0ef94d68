package io.sluice.alert.ownership;

import java.util.List;

/**
 * The JSON of {@code GET /api/v1/alert/ownership}.
 *
 * @param instance the id of the instance that answered
 * @param ownedSlots the slots that instance holds a valid lease on, by its own account
 * @param slots how many slots rules are spread over
 * @param leaseTtlMillis lease and heartbeat TTL
 * @param renewIntervalMillis period of the ownership rounds
 * @param now Redis' clock when read, epoch milliseconds
 * @param instances the registered instances with their last heartbeat and how many slots they lease
 * @param leases every slot: owner, fencing token and expiry (owner null when free)
 */
public record OwnershipView(String instance, List<Integer> ownedSlots, int slots, long leaseTtlMillis, long renewIntervalMillis,
        long now, List<InstanceView> instances, List<Snapshot.SlotLease> leases) {

    /**
     * One registered instance.
     *
     * @param id its instance id
     * @param lastHeartbeat epoch milliseconds (Redis clock)
     * @param leasedSlots how many slot leases it holds in Redis
     */
    public record InstanceView(String id, long lastHeartbeat, int leasedSlots) {
    }
}
