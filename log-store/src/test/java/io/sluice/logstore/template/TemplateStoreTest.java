package io.sluice.logstore.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.logstore.TestArchive;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class TemplateStoreTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final long ALL_FROM = Long.MIN_VALUE;
    static final long ALL_TO = Long.MAX_VALUE;

    static TestArchive archive;
    static TemplateWriter writer;
    static TemplateReader reader;

    @BeforeAll
    static void start() {
        archive = new TestArchive();
        writer = archive.bean(TemplateWriter.class);
        reader = archive.bean(TemplateReader.class);
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    @Test
    void upsertsAddCountsWidenTheSeenRangeAndKeepTheNewestText() {
        StepVerifier.create(writer.upsert(List.of(new StoredTemplate("ups", "api", 11, "GET /a <*>", 5, 100, 200)))).expectComplete().verify(WAIT);
        StepVerifier.create(writer.upsert(List.of(new StoredTemplate("ups", "api", 11, "GET <*> <*>", 3, 50, 150),
                new StoredTemplate("ups", "api", 12, "other", 1, 300, 300)))).expectComplete().verify(WAIT);

        StepVerifier.create(writer.load("ups", "api", 100))
                .assertNext(s -> {
                    assertThat(s.templates()).containsExactly(
                            new StoredTemplate("ups", "api", 11, "GET <*> <*>", 8, 50, 200),
                            new StoredTemplate("ups", "api", 12, "other", 1, 300, 300));
                    assertThat(s.aliases()).isEmpty();
                })
                .expectComplete().verify(WAIT);
    }

    @Test
    void upsertsOfMoreRowsThanOneStatementHoldsAreAllStored() {
        List<StoredTemplate> many = java.util.stream.IntStream.range(0, TemplateWriter.ROWS_PER_STATEMENT * 2 + 7)
                .mapToObj(i -> new StoredTemplate("many", "svc", 1000 + i, "t " + i, 1, i, i)).toList();
        StepVerifier.create(writer.upsert(many)).expectComplete().verify(WAIT);
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_template WHERE tenant = 'many'")).isEqualTo(many.size());
    }

    @Test
    void aliasesAreKeptAsFirstRecordedAndLoadedWithTheirStream() {
        StepVerifier.create(writer.addAliases(List.of(new TemplateAlias("al", "svc", 2, 1), new TemplateAlias("al", "other", 9, 8))))
                .expectComplete().verify(WAIT);
        StepVerifier.create(writer.addAliases(List.of(new TemplateAlias("al", "svc", 2, 3)))).expectComplete().verify(WAIT);
        StepVerifier.create(writer.load("al", "svc", 10))
                .assertNext(s -> assertThat(s.aliases()).containsExactly(new TemplateAlias("al", "svc", 2, 1)))
                .expectComplete().verify(WAIT);
    }

    @Test
    void loadKeepsTheMostFrequentTemplatesAndHandsThemBackOldestFirst() {
        StepVerifier.create(writer.upsert(List.of(new StoredTemplate("cap", "s", 1, "rare", 1, 10, 10),
                new StoredTemplate("cap", "s", 2, "common late", 50, 30, 30),
                new StoredTemplate("cap", "s", 3, "common early", 40, 20, 20)))).expectComplete().verify(WAIT);
        StepVerifier.create(writer.load("cap", "s", 2))
                .assertNext(s -> assertThat(s.templates()).extracting(StoredTemplate::id).containsExactly(3L, 2L))
                .expectComplete().verify(WAIT);
    }

    @Test
    void readersSeeMergedTemplatesFoldedIntoTheLiveOneAndOnlyTheirOwnTenant() {
        StepVerifier.create(writer.upsert(List.of(
                new StoredTemplate("fold", "svc", 1, "user <*> logged in", 10, 100, 500),
                new StoredTemplate("fold", "svc", 2, "user bob logged in", 4, 50, 120),
                new StoredTemplate("fold", "svc", 3, "user eve logged in", 3, 60, 900),
                new StoredTemplate("fold", "svc", 4, "disk full", 12, 10, 20),
                new StoredTemplate("fold-other", "svc", 1, "user <*> logged in", 99, 1, 2)))).expectComplete().verify(WAIT);
        StepVerifier.create(writer.addAliases(List.of(new TemplateAlias("fold", "svc", 2, 1), new TemplateAlias("fold", "svc", 3, 2))))
                .expectComplete().verify(WAIT);

        StepVerifier.create(reader.list(new PatternQuery("fold", null, ALL_FROM, ALL_TO, null, 10)))
                .assertNext(list -> assertThat(list).containsExactly(
                        new Pattern("svc", 1, "user <*> logged in", 17, 50, 900, List.of(2L, 3L)),
                        new Pattern("svc", 4, "disk full", 12, 10, 20, List.of())))
                .expectComplete().verify(WAIT);
        StepVerifier.create(reader.list(new PatternQuery("fold", "svc", 600, ALL_TO, null, 10)))
                .assertNext(list -> assertThat(list).extracting(Pattern::id).containsExactly(1L))
                .expectComplete().verify(WAIT);
        StepVerifier.create(reader.list(new PatternQuery("fold", null, ALL_FROM, ALL_TO, "disk", 10)))
                .assertNext(list -> assertThat(list).extracting(Pattern::id).containsExactly(4L))
                .expectComplete().verify(WAIT);
        StepVerifier.create(reader.list(new PatternQuery("fold", "nope", ALL_FROM, ALL_TO, null, 10)))
                .assertNext(list -> assertThat(list).isEmpty())
                .expectComplete().verify(WAIT);
        StepVerifier.create(reader.get("fold", 3))
                .assertNext(p -> assertThat(p).isEqualTo(new Pattern("svc", 1, "user <*> logged in", 17, 50, 900, List.of(2L, 3L))))
                .expectComplete().verify(WAIT);
        StepVerifier.create(reader.get("fold-other", 1))
                .assertNext(p -> assertThat(p.count()).isEqualTo(99))
                .expectComplete().verify(WAIT);
        StepVerifier.create(reader.get("fold", 777)).expectComplete().verify(WAIT);
    }
}
