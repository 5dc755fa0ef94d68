package io.sluice.analytics.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {

    @Test
    void findsEveryOverlappingAndNestedKeywordInOnePass() {
        List<Literal> words = List.of(Literal.exact("he"), Literal.exact("she"), Literal.exact("his"), Literal.exact("hers"),
                Literal.exact("ushers"), Literal.exact("absent"));

        assertThat(hits(words, "ushers")).containsExactlyInAnyOrder("he", "she", "hers", "ushers");
        assertThat(hits(words, "this")).containsExactly("his");
        assertThat(hits(words, "")).isEmpty();
    }

    @Test
    void caseSensitiveLiteralsNeedTheExactCaseAndIgnoreCaseLiteralsAnyCase() {
        List<Literal> words = List.of(Literal.exact("Error"), new Literal("timeout", true), Literal.exact("error"));

        assertThat(hits(words, "ERROR: TIMEOUT")).containsExactly("timeout");
        assertThat(hits(words, "error then Error, TimeOut")).containsExactlyInAnyOrder("Error", "error", "timeout");
        assertThat(hits(words, "eRROR")).isEmpty();
    }

    @Test
    void caseSensitiveAndIgnoreCaseVariantsOfOneWordShareTheAutomatonYetKeepTheirMeaning() {
        List<Literal> words = List.of(Literal.exact("Fail"), new Literal("fail", true), Literal.exact("FAIL"));

        assertThat(hits(words, "a FAIL b")).containsExactlyInAnyOrder("FAIL", "fail");
        assertThat(hits(words, "fAIl then Fail")).containsExactlyInAnyOrder("Fail", "fail");
    }

    @Test
    void ignoreCaseFollowsRe2ForCaseRelativesOutsideAscii() {
        List<Literal> words = List.of(new Literal("kiss", true));

        assertThat(hits(words, "\u212Ai\u017Fs")).as("Kelvin sign and long s are k and s to RE2").containsExactly("kiss");
        assertThat(hits(words, "K\u0130SS")).as("dotted capital I is not i to RE2").isEmpty();
        assertThat(hits(words, "KISS")).containsExactly("kiss");
    }

    /**
     * No BMP character that RE2 treats as a case variant of another is folded apart from it.
     * U+1C80..U+1C88 (Cyrillic small letter rounded ve..) are left out: re2j 1.8 never returns
     * from compiling them under (?i) (its fold tables and the JDK's disagree), so no rule can
     * contain them that way.
     */
    @Test
    void foldingIsNeverFinerThanRe2CaseFolding() {
        StringBuilder cased = new StringBuilder();
        for (char c = 0; c < 0xFFFF; c++) {
            if (!Character.isSurrogate(c) && (c < '\u1C80' || c > '\u1C88') && (Character.toUpperCase(c) != c || Character.toLowerCase(c) != c
                    || Character.toTitleCase(c) != c)) {
                cased.append(c);
            }
        }
        String all = cased.toString();
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            StringBuilder others = new StringBuilder();
            for (int j = 0; j < all.length(); j++) {
                if (CaseFold.fold(all.charAt(j)) != CaseFold.fold(c)) {
                    others.append(all.charAt(j));
                }
            }
            if (Pattern.compile("(?i)" + Pattern.quote(String.valueOf(c))).matcher(others).find()) {
                violations.add(Integer.toHexString(c));
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<String> hits(List<Literal> words, String line) {
        KeywordIndex index = new KeywordIndex(words);
        Marks marks = new Marks();
        marks.reset(index.size());
        index.scan(line, marks);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            out.add(index.literal(marks.get(i)).text());
        }
        return out;
    }
}
