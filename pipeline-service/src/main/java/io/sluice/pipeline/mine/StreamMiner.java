package io.sluice.pipeline.mine;

import io.sluice.logstore.template.StoredTemplate;
import io.sluice.logstore.template.StreamTemplates;
import io.sluice.logstore.template.TemplateAlias;
import io.sluice.patterns.Match;
import io.sluice.patterns.MinerSettings;
import io.sluice.patterns.Template;
import io.sluice.patterns.TemplateMiner;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link TemplateMiner} of one (tenant, service) plus what it owes the store: per template, the lines
 * seen and the first/last event time since the last {@link #drain()}, and the aliases (merges) not yet
 * written. Guarded by its own monitor, the only lock on the mining path: batches of different shards may
 * carry the same service at once. Memory is bounded by the miner's template cap (one delta per template).
 */
final class StreamMiner {

    private final StreamKey key;
    private final TemplateMiner miner;
    private final Map<Long, Delta> deltas = new HashMap<>();
    private final Set<Long> writtenAliases = new HashSet<>();
    private volatile long lastUsed;

    StreamMiner(StreamKey key, MinerSettings settings) {
        this.key = key;
        this.miner = new TemplateMiner(settings);
    }

    StreamKey key() {
        return key;
    }

    long lastUsed() {
        return lastUsed;
    }

    void touch(long tick) {
        lastUsed = tick;
    }

    /**
     * Mines the messages of {@code events} (all of this stream), in order, and sets each event's template
     * id: the live id at this moment, merges so far resolved.
     */
    synchronized void mine(List<PipelineEvent> events) {
        for (PipelineEvent e : events) {
            String message = e.message() == null ? "" : e.message();
            Match m = miner.mine(message, e.timestampNanos());
            long id = miner.resolve(m.templateId());
            e.templateId(id);
            Delta d = deltas.get(id);
            if (d == null) {
                deltas.put(id, new Delta(m.template(), e.timestampNanos()));
            } else {
                d.add(m.template(), e.timestampNanos());
            }
        }
    }

    /**
     * Puts back what the store holds for this stream, so lines of known templates get their stored ids.
     * Stored templates already merged away come back as aliases; a stored template whose text is already
     * present under another id (two instances created it from different first lines) becomes an alias of
     * that id, written back so every instance converges on it. Conflicts with what this miner mined in
     * the meantime are skipped: the miner's own templates win.
     */
    synchronized void restore(StreamTemplates stored) {
        Set<Long> aliased = new HashSet<>();
        for (TemplateAlias a : stored.aliases()) {
            aliased.add(a.fromId());
        }
        Map<String, Long> byText = new HashMap<>();
        for (Template t : miner.templates()) {
            byText.put(t.template(), t.id());
        }
        List<long[]> duplicates = new ArrayList<>();
        for (StoredTemplate t : stored.templates()) {
            if (aliased.contains(t.id())) {
                continue;
            }
            Long existing = byText.get(t.template());
            if (existing != null) {
                if (existing != t.id()) {
                    duplicates.add(new long[] {t.id(), existing});
                }
                continue;
            }
            try {
                miner.restore(new Template(t.id(), t.template(), t.count(), t.firstSeen(), t.lastSeen()));
                byText.put(t.template(), t.id());
            } catch (IllegalArgumentException conflict) {
                // the id is already live in this miner (mined before the store answered): keep the miner's
            }
        }
        for (TemplateAlias a : stored.aliases()) {
            if (restoreAlias(a.fromId(), a.intoId())) {
                writtenAliases.add(a.fromId());
            }
        }
        for (long[] d : duplicates) {
            restoreAlias(d[0], d[1]);
        }
    }

    private boolean restoreAlias(long from, long into) {
        if (miner.aliases().containsKey(from)) {
            return true;
        }
        try {
            miner.restoreAlias(from, into);
            return true;
        } catch (IllegalArgumentException cycle) {
            return false;
        }
    }

    /** Takes the counts since the last drain and the aliases not handed out before. */
    synchronized Pending drain() {
        List<StoredTemplate> templates = new ArrayList<>(deltas.size());
        deltas.forEach((id, d) -> templates.add(new StoredTemplate(key.tenant(), key.service(), id, d.text, d.count, d.first, d.last)));
        deltas.clear();
        List<TemplateAlias> aliases = List.of();
        if (miner.aliases().size() > writtenAliases.size()) {
            aliases = new ArrayList<>();
            for (Map.Entry<Long, Long> a : miner.aliases().entrySet()) {
                if (writtenAliases.add(a.getKey())) {
                    aliases.add(new TemplateAlias(key.tenant(), key.service(), a.getKey(), a.getValue()));
                }
            }
        }
        return templates.isEmpty() && aliases.isEmpty() ? Pending.NONE : new Pending(templates, aliases);
    }

    /** The live id for {@code id} in this miner. */
    synchronized long resolve(long id) {
        return miner.resolve(id);
    }

    private static final class Delta {
        String text;
        long count = 1;
        long first;
        long last;

        Delta(String text, long time) {
            this.text = text;
            this.first = time;
            this.last = time;
        }

        void add(String newText, long time) {
            text = newText;
            count++;
            first = Math.min(first, time);
            last = Math.max(last, time);
        }
    }
}
