package io.sluice.logstore.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {

    static TestArchive archive;
    static ArchiveWriter writer;

    @BeforeAll
    static void start() {
        archive = new TestArchive();
        writer = archive.bean(ArchiveWriter.class);
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    static ArchivedEvent event(String tenant, int i) {
        return new ArchivedEvent(EventIds.next(), tenant, 1_764_000_000_000_000_000L + i, "svc", "host-1", "INFO", "line " + i, null, null);
    }

    long count(String tenant) {
        return archive.database().queryLong("SELECT COUNT(*) FROM log_event WHERE tenant = '" + tenant + "'");
    }

    @Test
    void writingTheSameEventsTwiceStoresThemOnceAndReportsOnlyNewRows() {
        List<ArchivedEvent> events = IntStream.range(0, 5).mapToObj(i -> event("twice", i)).toList();
        assertThat(writer.write(events).block(Duration.ofSeconds(10))).isEqualTo(5);
        assertThat(writer.write(events).block(Duration.ofSeconds(10))).isZero();
        List<ArchivedEvent> mixed = new ArrayList<>(events.subList(0, 2));
        mixed.add(event("twice", 99));
        assertThat(writer.write(mixed).block(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(count("twice")).isEqualTo(6);
    }

    @Test
    void batchesLargerThanOneStatementAreWrittenCompletely() {
        int n = ArchiveWriter.ROWS_PER_STATEMENT * 2 + 37;
        List<ArchivedEvent> events = IntStream.range(0, n).mapToObj(i -> event("big", i)).toList();
        assertThat(writer.write(events).block(Duration.ofSeconds(30))).isEqualTo(n);
        assertThat(count("big")).isEqualTo(n);
    }

    @Test
    void emptyBatchWritesNothing() {
        assertThat(writer.write(List.of()).block(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void everyColumnRoundTripsIncludingJsonAndFourByteCharacters() throws Exception {
        LogEvent proto = LogEvent.newBuilder()
                .setId(EventIds.next()).setTenant("roundtrip").setTimestampUnixNanos(1_764_000_000_123_456_789L)
                .setService("checkout").setHost("pod-7").setLevel("ERROR")
                .setMessage("{\"user\":\"ünïcødé 🚀\",\"ms\":42}")
                .setAttributesJson("{\"region\":\"eu\"}")
                .build();
        ArchivedEvent event = ArchivedEvent.of(proto, "{\"user\":\"ünïcødé 🚀\",\"ms\":42}");
        ArchivedEvent plain = new ArchivedEvent(EventIds.next(), "roundtrip", 1, "svc", "h", "INFO", "plain", "", null);
        assertThat(writer.write(List.of(event, plain)).block(Duration.ofSeconds(10))).isEqualTo(2);
        try (Connection c = archive.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_id, ts_nanos, service, host, level, message, JSON_VALUE(attributes, '$.region'),"
                        + " JSON_VALUE(fields, '$.user'), JSON_VALUE(fields, '$.ms') FROM log_event WHERE tenant = 'roundtrip' ORDER BY ts_nanos DESC")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(proto.getId());
            assertThat(rs.getLong(2)).isEqualTo(1_764_000_000_123_456_789L);
            assertThat(rs.getString(3)).isEqualTo("checkout");
            assertThat(rs.getString(4)).isEqualTo("pod-7");
            assertThat(rs.getString(5)).isEqualTo("ERROR");
            assertThat(rs.getString(6)).isEqualTo(proto.getMessage());
            assertThat(rs.getString(7)).isEqualTo("eu");
            assertThat(rs.getString(8)).isEqualTo("ünïcødé 🚀");
            assertThat(rs.getString(9)).isEqualTo("42");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(7)).isNull();
            assertThat(rs.getString(8)).isNull();
        }
    }
}
