package com.bnaura.quota.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The reliability report of the whole build: every module whose tests measured something saves its
 * counters ({@link #saveModule(Path)}), and {@link #write(Path)} folds the saved counters of all
 * modules into {@code target/reliability/report.json} at the project root, so one file holds what
 * the storage tests and the clinic app's tests measured.
 *
 * <p>A counter measured in two modules is summed; a figure recorded with {@link
 * ReliabilityReport#max} keeps the larger value. Each module's file records when it was written, so a
 * module's figures from an earlier build are recognisable as such in {@code env.modules}.
 */
public final class CombinedReliabilityReport {
  private static final String FILE = "counters.tsv";

  private CombinedReliabilityReport() {}

  /**
   * Saves this JVM's counters to {@code target/reliability/counters.tsv} of the module in {@code
   * moduleDirectory}, one line per counter: {@code sum|max}, the dotted key and the value.
   */
  public static void saveModule(Path moduleDirectory) {
    StringBuilder lines = new StringBuilder("# written " + Instant.now() + "\n");
    ReliabilityReport.kinds().forEach((key, kind) -> lines.append(kind).append('\t').append(key)
        .append('\t').append(ReliabilityReport.value(key)).append('\n'));
    try {
      Path dir = Files.createDirectories(moduleDirectory.resolve("target").resolve("reliability"));
      Files.writeString(dir.resolve(FILE), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code target/reliability/report.json} under {@code root} from the counters every module
   * directly under {@code root} saved, and returns the combined counters by block then field.
   */
  public static Map<String, Map<String, Long>> write(Path root) {
    Map<String, Long> sums = new TreeMap<>();
    Map<String, Long> maxima = new TreeMap<>();
    Map<String, String> modules = new TreeMap<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path module : children.sorted().toList()) {
        Path saved = module.resolve("target").resolve("reliability").resolve(FILE);
        if (!Files.isRegularFile(saved)) {
          continue;
        }
        List<String> lines = Files.readAllLines(saved, StandardCharsets.UTF_8);
        modules.put(module.getFileName().toString(),
            lines.isEmpty() ? "" : lines.get(0).replace("# written ", ""));
        for (String line : lines) {
          String[] parts = line.split("\t");
          if (parts.length != 3) {
            continue;
          }
          long value = Long.parseLong(parts[2]);
          if (parts[0].equals("max")) {
            maxima.merge(parts[1], value, Math::max);
          } else {
            sums.merge(parts[1], value, Math::addExact);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> tree = new TreeMap<>();
    Map<String, Map<String, Long>> blocks = new TreeMap<>();
    Map<String, Long> all = new TreeMap<>(sums);
    all.putAll(maxima);
    all.forEach((key, value) -> {
      int dot = key.indexOf('.');
      blocks.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
          .put(key.substring(dot + 1), value);
      put(tree, key, value);
    });
    StringBuilder json = new StringBuilder("{\n  \"env\": {\"at\": \"").append(Instant.now())
        .append("\", \"cores\": ").append(Runtime.getRuntime().availableProcessors())
        .append(", \"modules\": ");
    Map<String, Object> quoted = new TreeMap<>();
    modules.forEach((module, at) -> quoted.put(module, "\"" + at + "\""));
    render(json, quoted);
    json.append('}');
    tree.forEach((block, fields) -> {
      json.append(",\n  \"").append(block).append("\": ");
      render(json, fields);
    });
    json.append("\n}\n");
    try {
      Path dir = Files.createDirectories(root.resolve("target").resolve("reliability"));
      Files.writeString(dir.resolve("report.json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blocks;
  }

  /** Puts {@code a.b.c = value} into nested maps. */
  @SuppressWarnings("unchecked")
  public static void put(Map<String, Object> tree, String dotted, Object value) {
    int dot = dotted.indexOf('.');
    if (dot < 0) {
      tree.put(dotted, value);
      return;
    }
    Map<String, Object> child = (Map<String, Object>) tree.computeIfAbsent(
        dotted.substring(0, dot), k -> new TreeMap<>());
    put(child, dotted.substring(dot + 1), value);
  }

  /** Appends {@code value} as JSON: maps as objects, anything else as its string form. */
  public static void render(StringBuilder json, Object value) {
    if (value instanceof Map<?, ?> map) {
      json.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        json.append(separator).append('"').append(e.getKey()).append("\": ");
        render(json, e.getValue());
        separator = ", ";
      }
      json.append('}');
    } else {
      json.append(value);
    }
  }
}
