package io.sluice.patterns;

/**
 * The miner's few global knobs. They are the same for every tenant, service and dataset: Sluice mines logs
 * it has never seen, so nothing here is meant to be tuned per source.
 *
 * @param similarityThreshold fraction of a template's constant tokens a line must repeat, at the same
 *     positions, to join that template (0 &lt; t &le; 1); below it the line starts a new template. The
 *     default, 0.95, means "every constant" for templates of up to 19 constants and tolerates one differing
 *     word in longer ones: words are constants until evidence says otherwise (next parameter)
 * @param distinctValuesForVariable how many templates that differ only in one position it takes to
 *     declare that position a variable and merge them (one value each: e.g. three user names at the same
 *     place of otherwise equal lines); the merged-away ids become aliases (see
 *     {@link TemplateMiner#resolve(long)})
 * @param exactCacheSize most distinct masked lines remembered for the allocation-free fast path; when full
 *     the cache is emptied and refilled (templates themselves are never evicted by it)
 * @param maxTemplates most templates one miner holds; past it a line that matches nothing joins the most
 *     similar candidate of its token count, or the all-{@code <*>} template of that count (at most one per
 *     count), instead of creating another, so a stream of unique garbage can grow neither memory nor the
 *     cost of a search
 */
public record MinerSettings(double similarityThreshold, int distinctValuesForVariable, int exactCacheSize,
    int maxTemplates) {

  /** Defaults measured on the Loghub-2k quality test; see docs/ARCHITECTURE.md, "Template mining". */
  public static final MinerSettings DEFAULTS = new MinerSettings(0.95, 3, 65_536, 10_000);

  public MinerSettings {
    if (!(similarityThreshold > 0 && similarityThreshold <= 1)) {
      throw new IllegalArgumentException("similarityThreshold must be in (0, 1], was " + similarityThreshold);
    }
    if (distinctValuesForVariable < 2) {
      throw new IllegalArgumentException("distinctValuesForVariable must be at least 2, was " + distinctValuesForVariable);
    }
    if (exactCacheSize < 16) {
      throw new IllegalArgumentException("exactCacheSize must be at least 16, was " + exactCacheSize);
    }
    if (maxTemplates < 1) {
      throw new IllegalArgumentException("maxTemplates must be at least 1, was " + maxTemplates);
    }
  }
}
