package io.sluice.patterns.eval;

import io.sluice.patterns.MinerSettings;
import io.sluice.patterns.TemplateMiner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a fresh {@link TemplateMiner} with one global setting over each Loghub-2k system, in file order, one
 * line at a time, and scores the grouping of the template ids it returned.
 */
public final class LoghubEvaluation {

  /** The shared dataset folder, relative to the reactor root (surefire's working directory). */
  public static final Path ROOT = Path.of("..", "shared", "datasets", "loghub-2k");

  private LoghubEvaluation() {
  }

  public static List<LoghubDataset> datasets(Path root) throws IOException {
    JsonNode all = JsonMapper.builder().build().readTree(Files.readString(root.resolve("settings.json"))).get("datasets");
    List<LoghubDataset> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : all.properties()) {
      out.add(LoghubDataset.load(root, e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * GA per system name, in settings.json order.
   *
   * @param resolveAliases whether to map each line's id through {@link TemplateMiner#resolve} once the
   *     system is mined (as a store reading events through the alias table would); otherwise the ids are
   *     scored exactly as {@code mine} first returned them
   */
  public static Map<String, Double> run(List<LoghubDataset> datasets, MinerSettings settings, boolean resolveAliases) {
    Map<String, Double> ga = new LinkedHashMap<>();
    for (LoghubDataset d : datasets) {
      TemplateMiner miner = new TemplateMiner(settings);
      List<Long> predicted = new ArrayList<>(d.contents().size());
      for (String content : d.contents()) {
        predicted.add(miner.mine(content).templateId());
      }
      if (resolveAliases) {
        predicted.replaceAll(miner::resolve);
      }
      ga.put(d.name(), GroupingAccuracy.of(d.eventIds(), predicted));
    }
    return ga;
  }
}
