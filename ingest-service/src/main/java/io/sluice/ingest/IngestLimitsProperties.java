package io.sluice.ingest;

import io.sluice.ingest.ratelimit.TenantRate;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-tenant rate limits and per-event limits of every ingest input. The defaults are generous
 * enough never to bite a normal install; lower them (or set a tenant's own) to protect a shared
 * installation from one noisy tenant.
 *
 * @param enabled whether per-tenant rate limits are enforced (one Redis script call per request)
 * @param eventsPerSecond sustained events per second a tenant may send, across all ingest instances
 * @param bytesPerSecond sustained bytes per second a tenant may send (protobuf size of the stored events)
 * @param burst how much unused budget a tenant may save up and spend at once, as time at its full
 *     rate (2s: an idle tenant may send two seconds' worth in one go)
 * @param tenants per-tenant overrides by tenant id; an unset value takes the default above
 * @param maxAttributes most attributes (top-level JSON fields) one event may carry; more reject the event
 * @param maxAttributeNameLength longest attribute name, in characters; longer rejects the event
 * @param maxAttributeValueLength longest attribute string value, in characters; longer values are
 *     truncated and the event is marked {@code sluice.truncated=true}
 * @param maxAge oldest accepted event timestamp, relative to receive time; older events are rejected
 * @param maxFuture how far in the future an event timestamp may be; later events are rejected
 */
@ConfigurationProperties("sluice.ingest.limits")
public record IngestLimitsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500000") long eventsPerSecond,
        @DefaultValue("256MB") DataSize bytesPerSecond,
        @DefaultValue("2s") Duration burst,
        Map<String, TenantOverride> tenants,
        @DefaultValue("128") int maxAttributes,
        @DefaultValue("256") int maxAttributeNameLength,
        @DefaultValue("16384") int maxAttributeValueLength,
        @DefaultValue("7d") Duration maxAge,
        @DefaultValue("10m") Duration maxFuture) {

    /** Fills in an empty override map and checks that every limit, and every tenant's, is positive (so a typo fails start-up). */
    public IngestLimitsProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        requirePositive("events-per-second", eventsPerSecond);
        requirePositive("bytes-per-second", bytesPerSecond.toBytes());
        requirePositive("burst", burst.toMillis());
        requirePositive("max-attributes", maxAttributes);
        requirePositive("max-attribute-name-length", maxAttributeNameLength);
        requirePositive("max-attribute-value-length", maxAttributeValueLength);
        requirePositive("max-age", maxAge.toMillis());
        requirePositive("max-future", maxFuture.toMillis());
        tenants.forEach((tenant, override) -> {
            String key = "tenants." + tenant + ".";
            if (override.eventsPerSecond() != null) {
                requirePositive(key + "events-per-second", override.eventsPerSecond());
            }
            if (override.bytesPerSecond() != null) {
                requirePositive(key + "bytes-per-second", override.bytesPerSecond().toBytes());
            }
            if (override.burst() != null) {
                requirePositive(key + "burst", override.burst().toMillis());
            }
        });
    }

    /** The rate that applies to {@code tenant}: its override where set, the defaults elsewhere. */
    public TenantRate rateFor(String tenant) {
        TenantOverride override = tenants.get(tenant);
        if (override == null) {
            return new TenantRate(eventsPerSecond, bytesPerSecond.toBytes(), burst);
        }
        return new TenantRate(
                override.eventsPerSecond() != null ? override.eventsPerSecond() : eventsPerSecond,
                override.bytesPerSecond() != null ? override.bytesPerSecond().toBytes() : bytesPerSecond.toBytes(),
                override.burst() != null ? override.burst() : burst);
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("sluice.ingest.limits." + key + " must be positive, was " + value);
        }
    }

    /**
     * One tenant's own rate limits ({@code sluice.ingest.limits.tenants.<id>.*}); null fields take
     * the defaults.
     *
     * @param eventsPerSecond the tenant's sustained events per second
     * @param bytesPerSecond the tenant's sustained bytes per second
     * @param burst the tenant's burst, as time at its full rate
     */
    public record TenantOverride(Long eventsPerSecond, DataSize bytesPerSecond, Duration burst) {
    }
}
