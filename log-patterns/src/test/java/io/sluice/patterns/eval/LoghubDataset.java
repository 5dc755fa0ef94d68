package io.sluice.patterns.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One Loghub-2k system prepared as the logparser benchmark prepares it: each raw line's Content extracted
 * with the regex derived from the system's {@code log_format}, then the system's published masking regexes
 * applied in order ({@code re.sub(rex, '<*>', content)}), next to the ground-truth EventId of that line.
 *
 * @param name system name, e.g. {@code HDFS}
 * @param contents preprocessed Content per line
 * @param eventIds ground-truth EventId per line (from {@code *_structured_corrected.csv})
 */
public record LoghubDataset(String name, List<String> contents, List<String> eventIds) {

  /** Reads system {@code name} from {@code root} (the loghub-2k folder) using its entry of settings.json. */
  public static LoghubDataset load(Path root, String name, JsonNode settings) throws IOException {
    Pattern line = lineRegex(settings.get("log_format").asString());
    List<Pattern> masks = new ArrayList<>();
    for (JsonNode r : settings.get("regex")) {
      masks.add(Pattern.compile(r.asString()));
    }
    List<String> raw = Files.readAllLines(root.resolve(settings.get("log_file").asString()), StandardCharsets.UTF_8);
    List<String> contents = new ArrayList<>(raw.size());
    for (String r : raw) {
      Matcher m = line.matcher(r.strip());
      if (!m.matches()) {
        throw new IllegalStateException(name + ": line does not match its log_format: " + r);
      }
      String content = m.group("Content");
      for (Pattern mask : masks) {
        content = mask.matcher(content).replaceAll("<*>");
      }
      contents.add(content);
    }
    String structured = settings.get("files").get("structured_corrected").asString();
    List<List<String>> rows = Csv.read(root.resolve(structured));
    int eventColumn = rows.get(0).indexOf("EventId");
    List<String> eventIds = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      eventIds.add(row.get(eventColumn));
    }
    if (eventIds.size() != contents.size()) {
      throw new IllegalStateException(name + ": " + contents.size() + " lines but " + eventIds.size() + " labels");
    }
    return new LoghubDataset(name, contents, eventIds);
  }

  /**
   * logparser's {@code generate_logformat_regex}: each {@code <Field>} becomes a lazy named group, each run of
   * spaces {@code \s+}, anchored at both ends; everything else is regex syntax already.
   */
  static Pattern lineRegex(String logFormat) {
    StringBuilder regex = new StringBuilder("^");
    Matcher field = Pattern.compile("(<[^<>]+>)").matcher(logFormat);
    int at = 0;
    while (field.find()) {
      regex.append(logFormat.substring(at, field.start()).replaceAll(" +", "\\\\s+"));
      String header = field.group(1);
      regex.append("(?<").append(header, 1, header.length() - 1).append(">.*?)");
      at = field.end();
    }
    regex.append(logFormat.substring(at).replaceAll(" +", "\\\\s+")).append('$');
    return Pattern.compile(regex.toString());
  }
}
