package com.bnaura.quota.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the harness, summarised per case and contender: where the client's CPU went
 * (execution samples attributed to the first frame outside the JDK: jOOQ, the engine, the store,
 * the driver, the pool, Bucket4j) and how often the callers sat in native code (waiting on the
 * database's socket).
 */
final class JfrProfile implements AutoCloseable {
  private final Recording recording;
  private final Path file;

  private JfrProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** Starts recording with JFR's "profile" settings (execution samples every 10 ms). */
  static JfrProfile start(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      recording.setToDisk(true);
      recording.start();
      return new JfrProfile(recording, file);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("cannot start JFR: " + e, e);
    }
  }

  /** Stops, writes the recording and summarises the cases whose thread names pass {@code cases}. */
  List<Map<String, Object>> summarize(Predicate<String> cases) {
    recording.stop();
    try {
      recording.dump(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Tally> tallies = new LinkedHashMap<>();
    try (RecordingFile events = new RecordingFile(file)) {
      while (events.hasMoreEvents()) {
        RecordedEvent event = events.readEvent();
        String type = event.getEventType().getName();
        boolean java = type.equals("jdk.ExecutionSample");
        if (!java && !type.equals("jdk.NativeMethodSample")) {
          continue;
        }
        var thread = event.getThread("sampledThread");
        String name = thread == null ? null : thread.getJavaName();
        if (name == null || !name.startsWith("bench|")) {
          continue;
        }
        String key = name.substring("bench|".length(), name.lastIndexOf('|'));
        if (!cases.test(key)) {
          continue;
        }
        Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
        if (!java) {
          tally.nativeSamples++;
          continue;
        }
        tally.javaSamples++;
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = stack.getFrames();
        tally.topFrames.merge(frame(frames.get(0)), 1, Integer::sum);
        tally.components.merge(component(frames), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    tallies.forEach((key, t) -> {
      String[] f = key.split("\\|");
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("database", f[0]);
      m.put("contender", f[1]);
      m.put("case", f[2]);
      m.put("threads", Integer.valueOf(f[3]));
      m.put("javaSamples", t.javaSamples);
      m.put("nativeSamples", t.nativeSamples);
      m.put("cpuByComponentPercent", percents(t.components, t.javaSamples, 20));
      m.put("topSelfFramesPercent", percents(t.topFrames, t.javaSamples, 8));
      rows.add(m);
    });
    return rows;
  }

  @Override
  public void close() {
    recording.close();
  }

  private static Map<String, Object> percents(Map<String, Integer> counts, long total, int top) {
    Map<String, Object> m = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(top)
        .forEach(e -> m.put(e.getKey(), total == 0 ? 0.0 : 100.0 * e.getValue() / total));
    return m;
  }

  private static String frame(RecordedFrame frame) {
    var method = frame.getMethod();
    return method.getType().getName() + "." + method.getName();
  }

  /** The component of the first frame, from the top, outside the JDK. */
  static String component(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
          || type.startsWith("sun.") || type.startsWith("com.sun.")) {
        continue;
      }
      if (type.startsWith("org.jooq.")) {
        return "jOOQ";
      } else if (type.startsWith("org.postgresql.")) {
        return "PostgreSQL driver";
      } else if (type.startsWith("org.h2.")) {
        return "H2";
      } else if (type.startsWith("com.zaxxer.hikari.")) {
        return "HikariCP";
      } else if (type.startsWith("io.github.bucket4j.")) {
        return "Bucket4j";
      } else if (type.startsWith("com.bnaura.quota.jdbc.")) {
        return "store (quota-jdbc)";
      } else if (type.startsWith("com.bnaura.quota.benchmarks.")) {
        return "harness";
      } else if (type.startsWith("com.bnaura.quota.")) {
        return "engine (quota-core)";
      } else if (type.startsWith("org.slf4j.")) {
        return "logging";
      }
      return "other: " + type.substring(0, Math.max(0, type.lastIndexOf('.')));
    }
    return "JDK only";
  }

  private static final class Tally {
    long javaSamples;
    long nativeSamples;
    final Map<String, Integer> topFrames = new HashMap<>();
    final Map<String, Integer> components = new HashMap<>();
  }
}
