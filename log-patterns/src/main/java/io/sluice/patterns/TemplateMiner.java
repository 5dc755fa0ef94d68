package io.sluice.patterns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Online log template miner for one (tenant, service) stream, in the family of Drain.
 *
 * <p>Each line is split on whitespace and masked by {@link TokenMasker} (numbers, ids, IPs, paths, dates
 * and earlier masks become variables; keys such as {@code uid=} stay). A line whose masked form was seen
 * before goes straight to its template through {@link ExactIndex}, with one hash probe and no allocation.
 * Otherwise the templates with the same token count are searched for the one whose constant tokens the
 * line repeats best ({@link Similarity}); at or above {@link MinerSettings#similarityThreshold()} the line
 * joins it (positions where they differ become {@code <*>}); below, the line starts a new template.
 *
 * <p>Words stay constants until evidence says otherwise: when
 * {@link MinerSettings#distinctValuesForVariable()} templates differ from each other at exactly one
 * position (say three user names in {@code Invalid user <name> from <*>}), that position is a variable and
 * they are merged into the oldest of them. The merged-away ids stay valid as aliases: {@link #resolve(long)}
 * maps them to the live id, {@link #aliases()} lists them for storage, so events stored with an older id
 * are found under the merged template.
 *
 * <p>Template ids: a 64-bit hash of the template's first text (the masked first line), so the same first
 * line gives the same id on any instance, and the same input order always gives the same ids; a collision
 * inside one miner moves to the next free value. The id never changes while the template generalises.
 *
 * <p>Threading: not thread-safe. Use one miner per consumer thread (per tenant and service); call
 * {@link #templates()} on that thread too, or hand its immutable result to others.
 */
public final class TemplateMiner {

  private final MinerSettings settings;
  private final LineTokens line = new LineTokens();
  private final ExactIndex exact;
  private final Map<Integer, LengthBucket> byLength = new HashMap<>();
  private final List<Cluster> clusters = new ArrayList<>();
  private final Set<Long> ids = new HashSet<>();
  private final Map<Long, List<Cluster>> siblings = new HashMap<>();
  private final Map<Long, Long> aliases = new HashMap<>();
  private long revision;
  /** Templates made so far (created or restored): the next one's {@code Cluster.seq}. */
  private int sequence;

  public TemplateMiner() {
    this(MinerSettings.DEFAULTS);
  }

  public TemplateMiner(MinerSettings settings) {
    this.settings = settings;
    this.exact = new ExactIndex(settings.exactCacheSize());
  }

  /** Mines one line with timestamp 0; see {@link #mine(String, long)}. */
  public Match mine(String content) {
    return mine(content, 0L);
  }

  /**
   * Assigns {@code content} (the message part of a log line, without its header) to a template, creating
   * or generalising one as needed.
   *
   * @param timestamp the event's time in the caller's unit; kept as the template's first/last seen
   */
  public Match mine(String content, long timestamp) {
    LineTokens tokens = line.scan(Objects.requireNonNull(content, "content"));
    Cluster cluster = exact.get(tokens);
    if (cluster != null) {
      cluster = cluster.live();
    }
    boolean created = false;
    if (cluster == null) {
      String[] masked = tokens.masked();
      cluster = search(masked, timestamp);
      if (cluster == null) {
        Cluster fresh = create(masked, timestamp);
        cluster = siblings(fresh);
        created = cluster == fresh;
      } else if (cluster.generalize(masked)) {
        byLength.get(masked.length).reindex(cluster);
        revision++;
      }
      exact.put(tokens, masked, cluster);
    }
    cluster.seen(timestamp);
    return new Match(cluster.id, cluster.text, variables(cluster, tokens), created);
  }

  /** Snapshot of every template, in creation order. */
  public List<Template> templates() {
    List<Template> out = new ArrayList<>(clusters.size());
    for (Cluster c : clusters) {
      out.add(c.snapshot());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The live template id for {@code id}: itself, or the template it was merged into (following chains).
   * Ids the miner never issued are returned unchanged.
   */
  public long resolve(long id) {
    Long next = aliases.get(id);
    while (next != null) {
      id = next;
      next = aliases.get(id);
    }
    return id;
  }

  /** Every merged-away template id mapped to the id it was merged into (one step; see {@link #resolve}). */
  public Map<Long, Long> aliases() {
    return Collections.unmodifiableMap(aliases);
  }

  /**
   * A counter that moves whenever a template is created, generalised or merged (not when only counts or
   * timestamps change): a caller persisting templates can skip the write while it stands still.
   */
  public long revision() {
    return revision;
  }

  /**
   * Puts back a template persisted earlier (e.g. after a restart, or one another instance registered),
   * keeping its id, text, count and first/last seen, so lines mined from now on get the same id as before.
   * The text is taken as already masked: single-space-separated tokens, {@code <*>} for variables.
   *
   * @throws IllegalArgumentException when a live template already has this id or this exact text
   */
  public void restore(Template template) {
    String[] tokens = template.template().isEmpty() ? new String[0] : template.template().split(" ", -1);
    for (int i = 0; i < tokens.length; i++) {
      if (Cluster.WILDCARD.equals(tokens[i])) {
        tokens[i] = null;
      }
    }
    if (ids.contains(template.id())) {
      throw new IllegalArgumentException("template id " + template.id() + " is already in use");
    }
    LengthBucket bucket = bucket(tokens.length);
    for (Cluster c : bucket.all()) {
      if (Arrays.equals(c.tokens, tokens)) {
        throw new IllegalArgumentException("template text already present as id " + c.id + ": " + template.template());
      }
    }
    ids.add(template.id());
    Cluster c = new Cluster(template.id(), tokens, template.firstSeen());
    c.seq = sequence++;
    c.count = template.count();
    c.lastSeen = template.lastSeen();
    clusters.add(c);
    bucket.add(c);
    revision++;
    siblings(c);
  }

  /** Puts back a persisted alias ({@code from} was merged into {@code into}); see {@link #aliases()}. */
  public void restoreAlias(long from, long into) {
    if (from == into || resolve(into) == from) {
      throw new IllegalArgumentException("alias " + from + " -> " + into + " would form a cycle");
    }
    ids.add(from);
    aliases.put(from, into);
  }

  public int templateCount() {
    return clusters.size();
  }

  private Cluster search(String[] masked, long timestamp) {
    LengthBucket bucket = byLength.get(masked.length);
    boolean full = clusters.size() >= settings.maxTemplates();
    Cluster best = bucket == null ? null : bucket.best(masked, full);
    return best == null && full ? catchAll(masked.length, timestamp) : best;
  }

  /**
   * The all-variable template of one token count, for lines that match nothing once the miner is full;
   * created on first use, at most one per length, beyond {@link MinerSettings#maxTemplates()}.
   */
  private Cluster catchAll(int length, long timestamp) {
    String[] wildcards = new String[length];
    LengthBucket bucket = bucket(length);
    for (Cluster c : bucket.all()) {
      if (c.constants == 0) {
        return c;
      }
    }
    return create(wildcards, timestamp);
  }

  private LengthBucket bucket(int length) {
    return byLength.computeIfAbsent(length, k -> new LengthBucket(settings.similarityThreshold()));
  }

  private Cluster create(String[] masked, long timestamp) {
    long id = TemplateIds.of(Cluster.render(masked));
    while (!ids.add(id)) {
      id++;
    }
    Cluster c = new Cluster(id, masked.clone(), timestamp);
    c.seq = sequence++;
    clusters.add(c);
    bucket(masked.length).add(c);
    revision++;
    return c;
  }

  /**
   * Registers a new template under each "all but one position" signature; when
   * {@link MinerSettings#distinctValuesForVariable()} templates share a signature they differ only at that
   * position, which is then evidently a variable: they are merged into the oldest of them. Returns the
   * live template {@code created} ends up in.
   */
  private Cluster siblings(Cluster created) {
    String[] t = created.tokens;
    if (created.constants < 2) {
      return created;
    }
    for (int p = 1; p < t.length; p++) {
      if (t[p] == null) {
        continue;
      }
      int at = p;
      Long key = signature(t, p);
      List<Cluster> group = siblings.computeIfAbsent(key, k -> new ArrayList<>());
      // Drop merged members, and any whose signature only collided with this one.
      group.removeIf(c -> c.mergedInto != null || c.tokens[at] == null || !sameExcept(c.tokens, t, at));
      group.add(created);
      if (group.size() >= settings.distinctValuesForVariable()) {
        siblings.remove(key);
        Cluster survivor = group.get(0);
        LengthBucket bucket = byLength.get(t.length);
        for (Cluster other : group.subList(1, group.size())) {
          survivor.absorb(other);
          bucket.remove(other);
          clusters.remove(other);
          aliases.put(other.id, survivor.id);
        }
        survivor.wildcard(p);
        bucket.reindex(survivor);
        revision++;
        return siblings(survivor);
      }
    }
    return created;
  }

  /** 64-bit hash of {@code tokens} with position {@code skip} left out (and its index mixed in). */
  private static long signature(String[] tokens, int skip) {
    long h = 0x9e3779b97f4a7c15L * (skip + 1);
    for (int i = 0; i < tokens.length; i++) {
      if (i != skip) {
        h = (h ^ (tokens[i] == null ? 0x632be59bd9b4e019L : tokens[i].hashCode())) * 0x100000001b3L;
        h ^= h >>> 29;
      }
    }
    return h ^ tokens.length;
  }

  private static boolean sameExcept(String[] a, String[] b, int skip) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (i != skip && !Objects.equals(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  private static List<String> variables(Cluster cluster, LineTokens tokens) {
    String[] t = cluster.tokens;
    int n = t.length - cluster.constants;
    if (n == 0) {
      return List.of();
    }
    int[] bounds = new int[2 * n];
    int j = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i] == null) {
        bounds[j++] = tokens.start[i];
        bounds[j++] = tokens.end[i];
      }
    }
    return new Variables(tokens.content, bounds);
  }

}
