package io.sluice.alert.ownership;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of rule ownership, {@code sluice.alert.ownership.*}. Failover after an instance dies
 * takes at most {@code leaseTtl} + {@code renewInterval} (plus one round's Redis and MySQL
 * statements): 6.5 s with the defaults, within the 10 s promised.
 *
 * @param slots how many slots rules are spread over (a rule's slot is CRC-32 of its id modulo
 *     this); must be the same on every instance
 * @param leaseTtl how long a slot lease and an instance's heartbeat last without renewal — how
 *     long a dead instance's rules stay unevaluated at most
 * @param renewInterval how often an instance renews its leases, heartbeats, and takes or hands
 *     over slots; less than half of {@code leaseTtl}, so one late round does not lose a lease
 * @param instanceId this instance's name in the cluster; empty: {@code host-pid-random}, new at
 *     every start
 */
@ConfigurationProperties("sluice.alert.ownership")
public record OwnershipProperties(
        @DefaultValue("64") int slots,
        @DefaultValue("5s") Duration leaseTtl,
        @DefaultValue("1500ms") Duration renewInterval,
        @DefaultValue("") String instanceId) {

    public OwnershipProperties {
        if (slots < 1 || slots > 1024) {
            throw new IllegalArgumentException("sluice.alert.ownership.slots must be between 1 and 1024");
        }
        if (renewInterval.isNegative() || renewInterval.isZero() || renewInterval.multipliedBy(2).compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("sluice.alert.ownership.renew-interval must be positive and less than half of lease-ttl");
        }
        if (instanceId.length() > 100 || instanceId.contains("|")) {
            throw new IllegalArgumentException("sluice.alert.ownership.instance-id must be at most 100 characters without '|'");
        }
    }
}
