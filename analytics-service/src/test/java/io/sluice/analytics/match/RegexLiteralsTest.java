package io.sluice.analytics.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegexLiteralsTest {

    @Test
    void aPlainWordIsItsOwnExactLiteral() {
        RegexLiterals.Analysis a = RegexLiterals.analyze("timeout");

        assertThat(a.exact()).containsExactly(Literal.exact("timeout"));
        assertThat(a.required()).containsExactly(Literal.exact("timeout"));
    }

    @Test
    void alternationsOfLiteralsAreExactSetsAndKeepTheirCaseMode() {
        assertThat(RegexLiterals.analyze("refused|reset|timed out").exact())
                .containsExactlyInAnyOrder(Literal.exact("refused"), Literal.exact("reset"), Literal.exact("timed out"));
        assertThat(RegexLiterals.analyze("(?i)(Error|fatal)").exact())
                .containsExactlyInAnyOrder(new Literal("Error", true), new Literal("fatal", true));
        assertThat(RegexLiterals.analyze("colou?r").exact())
                .containsExactlyInAnyOrder(Literal.exact("colour"), Literal.exact("color"));
        assertThat(RegexLiterals.analyze("fail(ed|ure)").exact())
                .containsExactlyInAnyOrder(Literal.exact("failed"), Literal.exact("failure"));
        assertThat(RegexLiterals.analyze("a\\.b\\Q*c\\E").exact()).containsExactly(Literal.exact("a.b*c"));
    }

    @Test
    void otherRegexesNameTheLongestLiteralTheyCannotMatchWithout() {
        assertThat(RegexLiterals.analyze("user \\d+ logged in").required()).containsExactly(Literal.exact(" logged in"));
        assertThat(RegexLiterals.analyze("^\\S+ Connection (closed|reset) by").required())
                .containsExactlyInAnyOrder(Literal.exact(" Connection closed by"), Literal.exact(" Connection reset by"));
        assertThat(RegexLiterals.analyze("(?i)err(or)?\\s*=\\s*\\d").required())
                .containsExactlyInAnyOrder(new Literal("error", true), new Literal("err", true));
        assertThat(RegexLiterals.analyze("\\bblk_\\d+").required()).containsExactly(Literal.exact("blk_"));
        assertThat(RegexLiterals.analyze("(abc)+x").required()).containsExactly(Literal.exact("abc"));
        assertThat(RegexLiterals.analyze("(?i:err)or").required()).containsExactly(new Literal("err", true));
        assertThat(RegexLiterals.analyze("\\bfoo\\b").exact()).as("anchors make it more than a literal").isNull();
        assertThat(RegexLiterals.analyze("from[:=]\\s*\\S+").required())
                .containsExactlyInAnyOrder(Literal.exact("from:"), Literal.exact("from="));
        assertThat(RegexLiterals.analyze("[ab]c").exact()).containsExactlyInAnyOrder(Literal.exact("ac"), Literal.exact("bc"));
        assertThat(RegexLiterals.analyze("x[^ab]yz").required()).containsExactly(Literal.exact("yz"));
    }

    @Test
    void regexesWithoutANecessaryLiteralHaveNoPrefilter() {
        for (String regex : List.of("\\d+", "a|\\d", "(abc)*", "x?", "a|", "[A-Z]{3}", ".*", "\\p{Greek}+", "(?i)\\x{212A}",
                "\\101")) {
            assertThat(RegexLiterals.analyze(regex).required()).as(regex).isNull();
        }
    }

    @Test
    void aBraceThatIsNotACountedRepeatIsLiteralAsInRe2() {
        assertThat(Pattern.compile("a{,2}").matcher("xa{,2}").find()).isTrue();
        assertThat(RegexLiterals.analyze("a{,2}").required()).containsExactly(Literal.exact(",2}"));
    }

    /** The promise the matcher relies on, on random regexes: a line the regex finds has one of the literals. */
    @Test
    void neverMissesAMatchOnRandomRegexesAndLines() {
        Random random = new Random(42);
        String alphabet = "abcAB1 .-_\u212A\u017Fk";
        int checked = 0;
        for (int i = 0; i < 1_500; i++) {
            String regex = randomRegex(random, 3);
            Pattern p;
            try {
                p = Pattern.compile(regex);
            } catch (RuntimeException e) {
                continue;
            }
            RegexLiterals.Analysis a = RegexLiterals.analyze(regex);
            for (int j = 0; j < 40; j++) {
                String line = randomLine(random, alphabet, p);
                boolean found = p.matcher(line).find();
                if (a.exact() != null) {
                    assertThat(anyOccurs(a.exact(), line)).as("exact %s of /%s/ on [%s]", a.exact(), regex, line).isEqualTo(found);
                }
                if (found && a.required() != null) {
                    assertThat(anyOccurs(a.required(), line)).as("required %s of /%s/ on [%s]", a.required(), regex, line).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(2_000);
    }

    private static boolean anyOccurs(List<Literal> literals, String line) {
        for (Literal l : literals) {
            for (int i = 0; i + l.text().length() <= line.length(); i++) {
                if (CaseFold.regionMatches(line, i, l, CaseFold.ignoreCasePattern(l.text()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A line that often contains a match: random text around what the regex matches in another random text. */
    private static String randomLine(Random random, String alphabet, Pattern p) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String randomRegex(Random random, int depth) {
        List<String> parts = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            parts.add(atom(random, depth));
        }
        String concat = String.join("", parts);
        return random.nextInt(4) == 0 ? concat + "|" + atom(random, depth) : concat;
    }

    private static String atom(Random random, int depth) {
        String base = switch (random.nextInt(depth > 0 ? 12 : 9)) {
            case 0, 1, 2 -> String.valueOf("abcAB1 ".charAt(random.nextInt(7)));
            case 3 -> "ab";
            case 4 -> "[ab]";
            case 5 -> ".";
            case 6 -> "\\.";
            case 7 -> random.nextBoolean() ? "^" : "\\b";
            case 8 -> "k";
            case 9 -> "(" + randomRegex(random, depth - 1) + ")";
            case 10 -> "(?i:" + randomRegex(random, depth - 1) + ")";
            default -> "(?i)" + randomRegex(random, depth - 1);
        };
        return base + switch (random.nextInt(10)) {
            case 0 -> "*";
            case 1 -> "+";
            case 2 -> "?";
            case 3 -> "{2}";
            case 4 -> "{0,2}";
            default -> "";
        };
    }
}
