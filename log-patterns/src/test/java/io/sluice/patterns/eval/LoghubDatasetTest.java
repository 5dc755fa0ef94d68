package io.sluice.patterns.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class LoghubDatasetTest {

  @Test
  void buildsTheLineRegexAsLogparserDoes() {
    assertThat(LoghubDataset.lineRegex("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>").pattern())
        .isEqualTo("^(?<Date>.*?)\\s+(?<Time>.*?)\\s+-\\s+(?<Level>.*?)\\s+\\[(?<Node>.*?):(?<Component>.*?)@(?<Id>.*?)\\]"
            + "\\s+-\\s+(?<Content>.*?)$");
    Matcher m = LoghubDataset.lineRegex("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>")
        .matcher("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown");
    assertThat(m.matches()).isTrue();
    assertThat(m.group("Component")).isEqualTo("sshd(pam_unix)");
    assertThat(m.group("Content")).isEqualTo("check pass; user unknown");
  }

  @Test
  void csvHandlesQuotesDoubledQuotesAndNewlines() {
    assertThat(Csv.parse("a,b\n1,\"x, \"\"y\"\"\"\n\"multi\nline\",2"))
        .containsExactly(List.of("a", "b"), List.of("1", "x, \"y\""), List.of("multi\nline", "2"));
  }
}
