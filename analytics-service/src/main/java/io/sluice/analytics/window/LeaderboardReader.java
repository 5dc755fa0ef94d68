package io.sluice.analytics.window;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.sluice.platform.redis.SluiceRedis;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Reads a leaderboard: the top {@code limit} members of its sorted set (highest score first; for
 * new templates, the most recent first), with template texts looked up in one HMGET.
 */
public class LeaderboardReader {

    private final SluiceRedis redis;
    private final WindowKeys keys;

    /** Reads under {@code redis}' key prefix. */
    public LeaderboardReader(SluiceRedis redis) {
        this.redis = redis;
        this.keys = new WindowKeys(redis.keys());
    }

    /** The board {@code board} of {@code tenant} for the {@code window} containing {@code at} (epoch ms). */
    public Mono<LeaderboardView> read(String tenant, Board board, BoardWindow window, long at, int limit) {
        long start = window.start(at);
        return redis.strings().zrevrangeWithScores(keys.board(tenant, board, window, start), 0, limit - 1L)
                .collectList()
                .flatMap(scored -> board == Board.NOISIEST_SERVICES
                        ? Mono.just(services(scored))
                        : templates(tenant, scored))
                .map(entries -> new LeaderboardView(tenant, board.label(), window.label(), start, start + window.millis(), entries));
    }

    private static List<LeaderboardView.Entry> services(List<ScoredValue<String>> scored) {
        return scored.stream().map(s -> new LeaderboardView.Entry(s.getValue(), null, null, Math.round(s.getScore()))).toList();
    }

    private Mono<List<LeaderboardView.Entry>> templates(String tenant, List<ScoredValue<String>> scored) {
        if (scored.isEmpty()) {
            return Mono.just(List.of());
        }
        String[] members = scored.stream().map(ScoredValue::getValue).toArray(String[]::new);
        return redis.strings().hmget(keys.templates(tenant), members).collectList().map(texts -> {
            List<LeaderboardView.Entry> out = new ArrayList<>(scored.size());
            for (int i = 0; i < scored.size(); i++) {
                String member = scored.get(i).getValue();
                int tab = member.lastIndexOf('\t');
                KeyValue<String, String> text = i < texts.size() ? texts.get(i) : null;
                out.add(new LeaderboardView.Entry(tab < 0 ? member : member.substring(0, tab), tab < 0 ? "" : member.substring(tab + 1),
                        text != null && text.hasValue() ? text.getValue() : "", Math.round(scored.get(i).getScore())));
            }
            return out;
        });
    }
}
