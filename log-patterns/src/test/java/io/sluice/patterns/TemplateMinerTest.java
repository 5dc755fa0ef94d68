package io.sluice.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {

  @Test
  void linesDifferingOnlyInMaskedPartsShareATemplateAndReturnTheirValues() {
    TemplateMiner miner = new TemplateMiner();
    Match first = miner.mine("Connection from 10.0.0.1 port 22 closed", 100);
    Match second = miner.mine("Connection from 192.168.7.9 port 51234 closed", 200);

    assertThat(first.isNew()).isTrue();
    assertThat(second.isNew()).isFalse();
    assertThat(second.templateId()).isEqualTo(first.templateId());
    assertThat(second.template()).isEqualTo("Connection from <*> port <*> closed");
    assertThat(second.variables()).containsExactly("192.168.7.9", "51234");
  }

  @Test
  void differentWordsMakeDifferentTemplates() {
    TemplateMiner miner = new TemplateMiner();
    long shutdown = miner.mine("cupsd shutdown succeeded").templateId();
    long startup = miner.mine("cupsd startup succeeded").templateId();
    long other = miner.mine("Connection closed by 10.0.0.1").templateId();

    assertThat(startup).isNotEqualTo(shutdown);
    assertThat(other).isNotIn(shutdown, startup);
    assertThat(miner.templateCount()).isEqualTo(3);
  }

  @Test
  void differentTokenCountsNeverShareATemplate() {
    TemplateMiner miner = new TemplateMiner();
    long a = miner.mine("Job 1 done").templateId();
    long b = miner.mine("Job 1 done now").templateId();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void threeDistinctWordsAtOnePositionMergeIntoOneTemplateWithAliases() {
    TemplateMiner miner = new TemplateMiner();
    long admin = miner.mine("Invalid user admin from 10.0.0.1").templateId();
    long guest = miner.mine("Invalid user guest from 10.0.0.2").templateId();
    assertThat(guest).isNotEqualTo(admin);
    assertThat(miner.templateCount()).isEqualTo(2);

    Match third = miner.mine("Invalid user oracle from 10.0.0.3");

    assertThat(third.templateId()).isEqualTo(admin);
    assertThat(third.isNew()).isFalse();
    assertThat(third.template()).isEqualTo("Invalid user <*> from <*>");
    assertThat(third.variables()).containsExactly("oracle", "10.0.0.3");
    assertThat(miner.templateCount()).isEqualTo(1);
    assertThat(miner.resolve(guest)).isEqualTo(admin);
    assertThat(miner.resolve(admin)).isEqualTo(admin);
    // The third line's own template was created, then merged: its id is an alias too.
    assertThat(miner.aliases()).containsKeys(guest).hasSize(2).containsValue(admin);
    assertThat(miner.templates()).singleElement().satisfies(t -> assertThat(t.count()).isEqualTo(3));
    // A line seen before the merge, seen again, lands in the merged template.
    assertThat(miner.mine("Invalid user guest from 10.9.9.9").templateId()).isEqualTo(admin);
    assertThat(miner.mine("Invalid user nobody from 10.9.9.9").templateId()).isEqualTo(admin);
  }

  @Test
  void twoValuesAtOnePositionStayApart() {
    TemplateMiner miner = new TemplateMiner();
    miner.mine("Transitioned from NEW to SCHEDULED");
    miner.mine("Transitioned from NEW to RUNNING");
    assertThat(miner.templateCount()).isEqualTo(2);
    assertThat(miner.aliases()).isEmpty();
  }

  @Test
  void theFirstWordIsNeverMergedAway() {
    TemplateMiner miner = new TemplateMiner();
    miner.mine("started worker pool");
    miner.mine("stopped worker pool");
    miner.mine("resized worker pool");
    assertThat(miner.templateCount()).isEqualTo(3);
  }

  @Test
  void templatesDifferingInTwoPositionsAreNotMerged() {
    TemplateMiner miner = new TemplateMiner();
    miner.mine("user alice logged in from hosta");
    miner.mine("user bob logged in from hostb");
    miner.mine("user carol logged in from hostc");
    assertThat(miner.templateCount()).isEqualTo(3);
  }

  @Test
  void longTemplatesTolerateOneDifferingWord() {
    TemplateMiner miner = new TemplateMiner();
    String a = "a b c d e f g h i j k l m n o p q r s t u";
    String b = "a b c d e f g h i j k l m n o p q r s t v";
    long id = miner.mine(a).templateId();
    Match m = miner.mine(b);
    assertThat(m.templateId()).isEqualTo(id);
    assertThat(m.template()).endsWith("s t <*>");
    assertThat(m.variables()).containsExactly("v");
  }

  @Test
  void templatesReportCountsAndFirstAndLastSeen() {
    TemplateMiner miner = new TemplateMiner();
    miner.mine("Disk 1 full", 50);
    miner.mine("Disk 2 full", 30);
    miner.mine("Disk 3 full", 90);
    miner.mine("Starting service", 70);

    assertThat(miner.templates()).extracting(Template::template, Template::count, Template::firstSeen, Template::lastSeen)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Disk <*> full", 3L, 30L, 90L),
            org.assertj.core.groups.Tuple.tuple("Starting service", 1L, 70L, 70L));
  }

  @Test
  void idsAreDerivedFromTheFirstTemplateTextSoTwoMinersAgree() {
    TemplateMiner one = new TemplateMiner();
    TemplateMiner two = new TemplateMiner();
    long a = one.mine("Disk 1 full").templateId();
    two.mine("something else entirely");
    long b = two.mine("Disk 7 full").templateId();
    assertThat(a).isEqualTo(b).isEqualTo(TemplateIds.of("Disk <*> full")).isPositive();
  }

  @Test
  void sameInputOrderGivesSameIds() {
    List<String> lines = List.of("a 1", "b 2", "c x", "c y", "a 3");
    TemplateMiner one = new TemplateMiner();
    TemplateMiner two = new TemplateMiner();
    for (String l : lines) {
      assertThat(two.mine(l).templateId()).isEqualTo(one.mine(l).templateId());
    }
  }

  @Test
  void theExactCacheCanBeFlushedWithoutChangingAnswers() {
    TemplateMiner small = new TemplateMiner(new MinerSettings(0.95, 3, 16, 1000));
    TemplateMiner large = new TemplateMiner();
    for (int i = 0; i < 200; i++) {
      String line = "event kind" + (i % 40) + " on node " + (i % 7);
      assertThat(small.mine(line).templateId()).isEqualTo(large.mine(line).templateId());
    }
  }

  @Test
  void pastMaxTemplatesLinesJoinACandidateOrTheCatchAllOfTheirLength() {
    TemplateMiner miner = new TemplateMiner(new MinerSettings(0.95, 3, 1024, 2));
    long alpha = miner.mine("alpha beta").templateId();
    miner.mine("gamma delta");

    // Same first word as a template, so a candidate: joins it although "gamma" differs.
    assertThat(miner.mine("alpha gamma").templateId()).isEqualTo(alpha);
    // Nothing shares its first word: the all-variable template of length 2, made once.
    Match first = miner.mine("epsilon zeta", 5);
    Match second = miner.mine("eta theta", 7);
    assertThat(first.template()).isEqualTo("<*> <*>");
    assertThat(second.templateId()).isEqualTo(first.templateId());
    assertThat(second.variables()).containsExactly("eta", "theta");
    assertThat(miner.templateCount()).isEqualTo(3);
    assertThat(miner.templates()).filteredOn(t -> t.id() == first.templateId()).singleElement()
        .satisfies(t -> {
          assertThat(t.count()).isEqualTo(2);
          assertThat(t.firstSeen()).isEqualTo(5);
          assertThat(t.lastSeen()).isEqualTo(7);
        });
  }

  @Test
  void aStreamOfUniqueGarbageStaysBounded() {
    TemplateMiner miner = new TemplateMiner(new MinerSettings(0.95, 3, 1024, 500));
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder();
      for (int w = 0, n = 1 + random.nextInt(6); w < n; w++) {
        for (int c = 0; c < 5; c++) {
          line.append((char) ('a' + random.nextInt(26)));
        }
        line.append(' ');
      }
      miner.mine(line.toString());
    }
    assertThat(miner.templateCount()).isLessThanOrEqualTo(500 + 6);
  }

  @Test
  void emptyAndBlankLinesHaveTheEmptyTemplate() {
    TemplateMiner miner = new TemplateMiner();
    Match empty = miner.mine("");
    Match blank = miner.mine("   \t ");
    assertThat(blank.templateId()).isEqualTo(empty.templateId());
    assertThat(blank.template()).isEmpty();
    assertThat(blank.variables()).isEmpty();
  }

  @Test
  void restoredTemplatesKeepTheirIdsAcrossARestart() {
    TemplateMiner before = new TemplateMiner();
    for (String user : List.of("admin", "guest", "oracle")) {
      before.mine("Invalid user " + user + " from 10.0.0.1", 5);
    }
    long disk = before.mine("Disk 3 full", 9).templateId();

    TemplateMiner after = new TemplateMiner();
    before.templates().forEach(after::restore);
    before.aliases().forEach(after::restoreAlias);

    assertThat(after.templates()).isEqualTo(before.templates());
    assertThat(after.mine("Invalid user nobody from 10.1.1.1").templateId()).isEqualTo(before.templates().get(0).id());
    assertThat(after.mine("Disk 12 full").templateId()).isEqualTo(disk);
    before.aliases().keySet().forEach(alias -> assertThat(after.resolve(alias)).isEqualTo(before.resolve(alias)));
  }

  @Test
  void restoreRejectsADuplicateIdOrText() {
    TemplateMiner miner = new TemplateMiner();
    Template t = new Template(42, "Disk <*> full", 1, 0, 0);
    miner.restore(t);
    assertThatThrownBy(() -> miner.restore(t)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
    assertThatThrownBy(() -> miner.restore(new Template(43, "Disk <*> full", 1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already present");
    assertThatThrownBy(() -> miner.restoreAlias(42, 42)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revisionMovesOnlyWhenTemplatesChange() {
    TemplateMiner miner = new TemplateMiner();
    miner.mine("Disk 1 full");
    long afterCreate = miner.revision();
    miner.mine("Disk 2 full");
    assertThat(miner.revision()).isEqualTo(afterCreate);
    miner.mine("Starting service");
    assertThat(miner.revision()).isGreaterThan(afterCreate);
  }

  @Test
  void aNullLineIsAClearError() {
    assertThatThrownBy(() -> new TemplateMiner().mine(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("content");
  }

  @Test
  void veryLongAndNonAsciiLinesAreMined() {
    TemplateMiner miner = new TemplateMiner();
    String longLine = "batch " + "item\u00e9 42 ".repeat(5_000) + "done";
    Match m = miner.mine(longLine);
    assertThat(m.variables()).hasSize(5_000).allMatch("42"::equals);
    Match utf = miner.mine("Benutzer \u00fcberpr\u00fcft\u2003Zugriff 7");
    assertThat(utf.template()).isEqualTo("Benutzer \u00fcberpr\u00fcft Zugriff <*>");
  }

  @Test
  void settingsRejectNonsense() {
    assertThatThrownBy(() -> new MinerSettings(0, 4, 1024, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("similarityThreshold");
    assertThatThrownBy(() -> new MinerSettings(0.9, 1, 1024, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinctValuesForVariable");
    assertThatThrownBy(() -> new MinerSettings(0.9, 4, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MinerSettings(0.9, 4, 1024, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
