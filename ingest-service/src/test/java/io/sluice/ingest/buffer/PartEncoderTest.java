package io.sluice.ingest.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link PartEncoder} with and without {@link ReceivedEvents}: what it stores must be byte for byte
 * what building the part with {@code toBuilder().setId(id).setTenant(tenant)} and encoding it gives.
 */
class PartEncoderTest {

    private static final String TENANT = "acme";

    @Test
    void passingReceivedBytesThroughStoresExactlyWhatAReEncodeWouldHave() throws Exception {
        LogBatch sent = agentBatch(200, new Random(1));
        byte[] wire = sent.toByteArray();
        LogBatch parsed = LogBatch.parseFrom(wire);
        ReceivedEvents received = ReceivedEvents.ofLogBatch(wire, parsed.getEventsCount());
        assertThat(IntStream.range(0, 200).map(received::length)).as("every agent event is passed through").allMatch(l -> l > 0);

        byte[] stored = encodeAll(parsed.getEventsList(), received, "agent-1:42");

        assertThat(stored).isEqualTo(reEncoded(parsed.getEventsList(), stored, "agent-1:42"));
        byte[] encoded = encodeAll(parsed.getEventsList(), ReceivedEvents.NONE, "agent-1:42");
        assertThat(encoded).isEqualTo(reEncoded(parsed.getEventsList(), encoded, "agent-1:42"));
    }

    @Test
    void randomEventsAreStoredAsAReEncodeWouldHaveWhateverTheirLayout() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<byte[]> eventsOnWire = new ArrayList<>();
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                eventsOnWire.add(randomLayout(randomEvent(random), random));
            }
            byte[] wire = batchBytes(eventsOnWire, random.nextBoolean() ? "k-" + round : "");
            LogBatch parsed = LogBatch.parseFrom(wire);
            ReceivedEvents received = ReceivedEvents.ofLogBatch(wire, parsed.getEventsCount());

            byte[] stored = encodeAll(parsed.getEventsList(), received, parsed.getIdempotencyKey());

            assertThat(stored).as("round %d", round).isEqualTo(reEncoded(parsed.getEventsList(), stored, parsed.getIdempotencyKey()));
        }
    }

    @Test
    void onlyCanonicalEventBytesArePassedThrough() throws Exception {
        LogEvent plain = event("m");
        byte[] canonical = plain.toByteArray();
        byte[] reordered = concat(field(5, "m"), field(2, "svc"), field(3, "h"), field(4, "INFO"), varintField(1, 5));
        byte[] explicitDefault = concat(plain.toByteArray(), field(6, ""));
        byte[] withUnknown = plain.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(42, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build().toByteArray();
        byte[] withId = plain.toBuilder().setId("client-id").build().toByteArray();
        byte[] repeated = concat(plain.toByteArray(), field(5, "again"));
        byte[] wire = batchBytes(List.of(canonical, reordered, explicitDefault, withUnknown, withId, repeated), "");

        ReceivedEvents received = ReceivedEvents.ofLogBatch(wire, 6);

        assertThat(received.length(0)).isEqualTo(canonical.length);
        assertThat(IntStream.range(1, 6).map(received::length)).containsOnly(-1);
        LogBatch parsed = LogBatch.parseFrom(wire);
        byte[] stored = encodeAll(parsed.getEventsList(), received, "");
        assertThat(stored).isEqualTo(reEncoded(parsed.getEventsList(), stored, ""));
    }

    @Test
    void aBatchWhoseLayoutIsNotUnderstoodPassesNothingThrough() {
        byte[] wire = batchBytes(List.of(event("a").toByteArray()), "");

        assertThat(ReceivedEvents.ofLogBatch(wire, 2)).isSameAs(ReceivedEvents.NONE);
        assertThat(ReceivedEvents.ofLogBatch(concat(wire, new byte[] {(byte) 0x0B}), 1)).as("a group").isSameAs(ReceivedEvents.NONE);
    }

    @Test
    void acceptedEventsKeepTheirBytesOnlyWhenValidationKeptThemAsTheyCame() throws Exception {
        byte[] wire = batchBytes(List.of(event("a").toByteArray(), event("b").toByteArray(), event("c").toByteArray()), "");
        List<LogEvent> request = LogBatch.parseFrom(wire).getEventsList();
        ReceivedEvents received = ReceivedEvents.ofLogBatch(wire, 3);
        LogEvent normalisedC = request.get(2).toBuilder().setHost("other").build();

        ReceivedEvents accepted = received.forAccepted(request, List.of(request.get(0), normalisedC), new int[] {0, 2});

        assertThat(accepted.length(0)).isEqualTo(request.get(0).getSerializedSize());
        assertThat(accepted.length(1)).isEqualTo(-1);
        byte[] stored = encodeAll(List.of(request.get(0), normalisedC), accepted, "");
        assertThat(stored).isEqualTo(reEncoded(List.of(request.get(0), normalisedC), stored, ""));
    }

    @Test
    void idsFollowTheEventOrderOfTheWholeBatchAcrossParts() throws Exception {
        List<LogEvent> events = List.of(event("0"), event("1"), event("2"), event("3"));
        PartEncoder encoder = new PartEncoder(events, ReceivedEvents.NONE, TENANT, "");

        LogBatch odd = LogBatch.parseFrom(encoder.encode(new int[] {1, 3}, 2));
        LogBatch even = LogBatch.parseFrom(encoder.encode(new int[] {0, 2}, 2));

        List<String> ids = List.of(even.getEvents(0).getId(), odd.getEvents(0).getId(), even.getEvents(1).getId(), odd.getEvents(1).getId());
        assertThat(ids).isSorted().doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(ids).extracting(id -> id.substring(0, 24)).containsOnly(ids.get(0).substring(0, 24));
    }

    private static byte[] encodeAll(List<LogEvent> events, ReceivedEvents received, String key) {
        PartEncoder encoder = new PartEncoder(events, received, TENANT, key);
        return encoder.encode(IntStream.range(0, events.size()).toArray(), events.size());
    }

    /** What the writer stored before: each event rebuilt with the id the encoder gave it, and the batch encoded. */
    private static byte[] reEncoded(List<LogEvent> events, byte[] stored, String key) throws InvalidProtocolBufferException {
        List<String> ids = idsOf(stored);
        LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey(key);
        for (int i = 0; i < events.size(); i++) {
            batch.addEvents(events.get(i).toBuilder().setId(ids.get(i)).setTenant(TENANT));
        }
        return batch.build().toByteArray();
    }

    private static List<String> idsOf(byte[] stored) throws InvalidProtocolBufferException {
        return LogBatch.parseFrom(stored).getEventsList().stream().map(LogEvent::getId).toList();
    }

    private static LogBatch agentBatch(int n, Random random) {
        LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey("agent-1:42");
        for (int i = 0; i < n; i++) {
            batch.addEvents(LogEvent.newBuilder().setTimestampUnixNanos(1_764_000_000_000_000_000L + i).setService("checkout")
                    .setHost("pod-7").setLevel(i % 10 == 0 ? "ERROR" : "INFO").setMessage("line " + i + " " + text(random, 300))
                    .setAttributesJson("{\"logger\":\"io.acme.Checkout\",\"thread\":\"main\"}"));
        }
        return batch.build();
    }

    private static LogEvent randomEvent(Random random) {
        LogEvent.Builder event = LogEvent.newBuilder();
        if (random.nextInt(4) > 0) {
            event.setTimestampUnixNanos(random.nextInt(3) == 0 ? random.nextLong() : 1_764_000_000_000_000_000L + random.nextInt());
        }
        if (random.nextInt(4) > 0) {
            event.setService(text(random, 10));
        }
        if (random.nextBoolean()) {
            event.setHost(text(random, 10));
        }
        event.setLevel(random.nextBoolean() ? "INFO" : "");
        event.setMessage(text(random, random.nextInt(5) == 0 ? 20_000 : 200));
        if (random.nextBoolean()) {
            event.setAttributesJson("{\"k\":\"" + text(random, 20).replace("\"", "").replace("\\", "") + "\"}");
        }
        if (random.nextInt(10) == 0) {
            event.setFieldsJson("{}");
        }
        if (random.nextInt(10) == 0) {
            event.setId("x").setTenant("other");
        }
        return event.build();
    }

    /** The event's canonical bytes, or (sometimes) a layout a re-encode would not produce. */
    private static byte[] randomLayout(LogEvent event, Random random) {
        byte[] canonical = event.toByteArray();
        return switch (random.nextInt(6)) {
            case 0 -> concat(field(2, event.getService()), canonical);
            case 1 -> concat(canonical, field(77, "unknown"));
            case 2 -> concat(canonical, varintField(1, 0));
            default -> canonical;
        };
    }

    private static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                text.append("é");
            } else if (kind == 1) {
                text.append("😀");
            } else if (kind == 2) {
                text.append('漢');
            } else {
                text.append((char) (' ' + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    private static LogEvent event(String message) {
        return LogEvent.newBuilder().setTimestampUnixNanos(5).setService("svc").setHost("h").setLevel("INFO").setMessage(message).build();
    }

    private static byte[] batchBytes(List<byte[]> events, String key) {
        List<byte[]> parts = new ArrayList<>();
        for (byte[] event : events) {
            parts.add(lengthDelimited(1, event));
        }
        if (!key.isEmpty()) {
            parts.add(field(2, key));
        }
        return concat(parts.toArray(byte[][]::new));
    }

    private static byte[] field(int number, String value) {
        return lengthDelimited(number, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] lengthDelimited(int number, byte[] value) {
        return concat(varint(number << 3 | 2), varint(value.length), value);
    }

    private static byte[] varintField(int number, long value) {
        return concat(varint(number << 3), varint(value));
    }

    private static byte[] varint(long value) {
        byte[] out = new byte[10];
        int n = 0;
        while ((value & ~0x7FL) != 0) {
            out[n++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[n++] = (byte) value;
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, pos, part.length);
            pos += part.length;
        }
        return out;
    }
}
