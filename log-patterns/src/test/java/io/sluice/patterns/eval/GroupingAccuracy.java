package io.sluice.patterns.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grouping accuracy as the logparser benchmark computes it ({@code logparser/utils/evaluator.py},
 * {@code get_accuracy}): a line counts as correct iff the lines sharing its predicted group are exactly the
 * lines sharing its ground-truth group. Ids are opaque labels; only the partitions they induce matter.
 */
public final class GroupingAccuracy {

  private GroupingAccuracy() {
  }

  /**
   * @param truth ground-truth group label per line
   * @param predicted predicted group label per line, aligned with {@code truth}
   * @return correctly grouped lines / all lines
   */
  public static double of(List<?> truth, List<?> predicted) {
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException("truth has " + truth.size() + " lines, prediction " + predicted.size());
    }
    if (truth.isEmpty()) {
      throw new IllegalArgumentException("no lines to score");
    }
    Map<Object, Integer> truthSizes = new HashMap<>();
    for (Object t : truth) {
      truthSizes.merge(Objects.requireNonNull(t, "truth label"), 1, Integer::sum);
    }
    // Per predicted group: its size, and the single truth label it holds (or MIXED).
    Map<Object, Integer> predictedSizes = new HashMap<>();
    Map<Object, Object> predictedLabel = new HashMap<>();
    Object mixed = new Object();
    for (int i = 0; i < truth.size(); i++) {
      Object p = Objects.requireNonNull(predicted.get(i), "predicted label");
      predictedSizes.merge(p, 1, Integer::sum);
      Object t = truth.get(i);
      predictedLabel.merge(p, t, (a, b) -> a.equals(b) ? a : mixed);
    }
    long correct = 0;
    for (Map.Entry<Object, Integer> group : predictedSizes.entrySet()) {
      Object label = predictedLabel.get(group.getKey());
      if (label != mixed && truthSizes.get(label).equals(group.getValue())) {
        correct += group.getValue();
      }
    }
    return (double) correct / truth.size();
  }
}
