package io.sluice.analytics.match;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Every literal of a tenant's rules in one Aho–Corasick automaton ({@code org.ahocorasick}), so a
 * line is scanned once however many literals there are. Case-sensitive and case-insensitive
 * literals share the automaton: it runs over the {@linkplain CaseFold folded} line, and each hit is
 * confirmed on the original line with the literal's own semantics. Literals are numbered by their
 * position in the list given to the constructor. Immutable and thread-safe.
 */
final class KeywordIndex {

    private final Literal[] literals;
    private final Pattern[] ignoreCasePatterns;
    private final PayloadTrie<int[]> trie;

    /** An index of {@code literals}, which must be distinct and non-empty. */
    KeywordIndex(List<Literal> literals) {
        this.literals = literals.toArray(Literal[]::new);
        this.ignoreCasePatterns = new Pattern[this.literals.length];
        Map<String, List<Integer>> byFolded = new LinkedHashMap<>();
        for (int i = 0; i < this.literals.length; i++) {
            Literal l = this.literals[i];
            if (l.text().isEmpty()) {
                throw new IllegalArgumentException("empty literal");
            }
            if (l.ignoreCase()) {
                ignoreCasePatterns[i] = CaseFold.ignoreCasePattern(l.text());
            }
            byFolded.computeIfAbsent(CaseFold.fold(l.text()), k -> new ArrayList<>()).add(i);
        }
        PayloadTrie.PayloadTrieBuilder<int[]> builder = PayloadTrie.builder();
        byFolded.forEach((folded, ids) -> builder.addKeyword(folded, ids.stream().mapToInt(Integer::intValue).toArray()));
        this.trie = builder.build();
    }

    int size() {
        return literals.length;
    }

    Literal literal(int id) {
        return literals[id];
    }

    /** Adds to {@code hits} (reset by the caller to at least {@link #size()}) the id of every literal occurring in {@code line}. */
    void scan(String line, Marks hits) {
        if (literals.length == 0 || line.isEmpty()) {
            return;
        }
        trie.parseText(CaseFold.fold(line), emit -> {
            int start = emit.getStart();
            for (int id : emit.getPayload()) {
                if (!hits.contains(id) && CaseFold.regionMatches(line, start, literals[id], ignoreCasePatterns[id])) {
                    hits.add(id);
                }
            }
            return true;
        });
    }
}
