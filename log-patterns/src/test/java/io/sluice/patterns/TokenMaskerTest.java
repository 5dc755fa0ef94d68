package io.sluice.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenMaskerTest {

  /** The masked shape of a single token, or {@code <*>} when the whole token is a variable. */
  private static String shape(String token) {
    char[] out = new char[3 * token.length() + 3];
    int end = TokenMasker.shape(token.toCharArray(), 0, token.length(), out, 0);
    return end < 0 ? "<*>" : new String(out, 0, end);
  }

  @Test
  void numbersIpsHexAndEarlierMasksAreWholeVariables() {
    assertThat(shape("42")).isEqualTo("<*>");
    assertThat(shape("-17.5")).isEqualTo("<*>");
    assertThat(shape("10.0.0.1:8080")).isEqualTo("<*>");
    assertThat(shape("0x1f3a")).isEqualTo("<*>");
    assertThat(shape("3fa9c0de")).isEqualTo("<*>");
    assertThat(shape("550e8400-e29b-41d4-a716-446655440000")).isEqualTo("<*>");
    assertThat(shape("<*>")).isEqualTo("<*>");
    assertThat(shape("[<*>]")).isEqualTo("<*>");
    assertThat(shape("(123)")).isEqualTo("<*>");
  }

  @Test
  void wordsWithoutNumbersStayConstant() {
    assertThat(shape("Starting")).isEqualTo("Starting");
    assertThat(shape("ssh2")).isEqualTo("ssh2");
    assertThat(shape("log4j")).isEqualTo("log4j");
    assertThat(shape("ruser=")).isEqualTo("ruser=");
    assertThat(shape("failure;")).isEqualTo("failure;");
    assertThat(shape("deadbeef")).isEqualTo("deadbeef");
  }

  @Test
  void keyedValuesKeepTheirKey() {
    assertThat(shape("uid=0")).isEqualTo("uid=<*>");
    assertThat(shape("(uid=509)")).isEqualTo("(uid=<*>");
    assertThat(shape("rhost=adsl-70-242-75-179.dsl.example.net")).isEqualTo("rhost=<*>");
    assertThat(shape("onExtend:1514038530000")).isEqualTo("onExtend:<*>");
    assertThat(shape("setTotalSteps=12##7##8")).isEqualTo("setTotalSteps=<*>");
  }

  @Test
  void longDigitTailsAreCutFromTheirWord() {
    assertThat(shape("tryToReloadTodayBasicSteps1514044800223|3786|0|0")).isEqualTo("tryToReloadTodayBasicSteps<*>");
    assertThat(shape("sha256")).isEqualTo("sha256");
  }

  @Test
  void identifiersWithNumbersPathsAndUrlsAreWholeVariables() {
    assertThat(shape("rdd_2_1")).isEqualTo("<*>");
    assertThat(shape("broadcast_9_piece0")).isEqualTo("<*>");
    assertThat(shape("MSRA-SA-39.fareast.corp.example.com")).isEqualTo("<*>");
    assertThat(shape("/user/root/rand/part-00590")).isEqualTo("<*>");
    assertThat(shape("/etc/httpd/conf/workers2.properties")).isEqualTo("<*>");
    assertThat(shape("hdfs://namenode:9000/tmp/job.jar")).isEqualTo("<*>");
    assertThat(shape("C:\\Windows\\winsxs\\amd64_x.manifest")).isEqualTo("<*>");
    assertThat(shape("I/O")).isEqualTo("I/O");
  }

  @Test
  void dayAndMonthNamesAreVariables() {
    assertThat(shape("Fri")).isEqualTo("<*>");
    assertThat(shape("JUNE")).isEqualTo("<*>");
    assertThat(shape("Mon,")).isEqualTo("<*>");
    assertThat(shape("Monitor")).isEqualTo("Monitor");
    assertThat(shape("may")).isEqualTo("may");
  }

  @Test
  void lineTokensSplitOnAnyWhitespaceAndHashEqualMaskedLinesEqually() {
    LineTokens a = new LineTokens().scan("  Invalid user  admin from 10.0.0.1\tport 22 ");
    assertThat(a.count).isEqualTo(7);
    assertThat(a.masked()).containsExactly("Invalid", "user", "admin", "from", null, "port", null);
    long hash = a.hash;
    LineTokens b = new LineTokens().scan("Invalid user admin from 192.168.1.20 port 51234");
    assertThat(b.hash).isEqualTo(hash);
    assertThat(new LineTokens().scan("Invalid user guest from 192.168.1.20 port 51234").hash).isNotEqualTo(hash);
  }
}
