package io.sluice.platform.stream;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the buffer is laid out, shared by every service (ingest writes it, pipeline and analytics
 * consume it), so all of them must agree on it.
 *
 * @param shards streams per tenant; a batch's events go to shard {@code hash(service, host) mod
 *     shards}. Changing it only affects new appends (old streams are still consumed), but an
 *     idempotency key resent across the change may be stored again
 * @param groups consumer groups created on every buffer stream as soon as any consumer discovers
 *     it (each consumer also creates its own), so the trimmer never removes an entry a group that
 *     has not yet started has not read; list every group you run
 * @param discoveryInterval how often consumers re-read the stream registry to find new streams
 * @param priority whether ingest puts ERROR and FATAL events in the tenant's priority stream
 *     {@code {p}buffer:{<tenant>.p}}, which consumers read ahead of the numbered shards (errors are
 *     processed first under load); off = every event goes to its numbered shard
 */
@ConfigurationProperties("sluice.buffer")
public record BufferProperties(
        @DefaultValue("4") int shards,
        @DefaultValue({"pipeline", "analytics"}) List<String> groups,
        @DefaultValue("1s") Duration discoveryInterval,
        @DefaultValue("true") boolean priority) {

    public BufferProperties {
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("sluice.buffer.shards must be between 1 and 1024, was " + shards);
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
