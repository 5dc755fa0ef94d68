package io.sluice.alert.ownership;

import java.util.List;

/**
 * The cluster's ownership as Redis holds it, for operators ({@code GET /api/v1/alert/ownership}).
 *
 * @param now Redis' clock when read, epoch milliseconds
 * @param instances the registered instances (those silent longer than the lease TTL are dropped
 *     at the next heartbeat of any instance)
 * @param leases every slot, leased or not
 */
public record Snapshot(long now, List<Instance> instances, List<SlotLease> leases) {

    /**
     * A registered instance.
     *
     * @param id its instance id
     * @param lastHeartbeat epoch milliseconds (Redis clock) of its last heartbeat
     */
    public record Instance(String id, long lastHeartbeat) {
    }

    /**
     * One slot's lease.
     *
     * @param slot the slot
     * @param owner the instance holding it, null when free
     * @param token its fencing token (0 when free)
     * @param expiresAt epoch milliseconds (Redis clock) when it lapses unless renewed, null when free
     */
    public record SlotLease(int slot, String owner, long token, Long expiresAt) {
    }
}
