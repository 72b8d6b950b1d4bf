package com.bnaura.quota.benchmarks.state;

import com.bnaura.quota.jdbc.JdbcQuotaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine on the embedded default, {@link JdbcQuotaStore#h2(Path)}: an H2 file database in a
 * temporary directory behind its own pool, with {@code clinics} clinics on a plan that does not run
 * out. The directory is deleted after the trial.
 */
@State(Scope.Benchmark)
public class H2State {

  /** How many clinics the charges spread over. */
  @Param("1000")
  public int clinics;

  private Path directory;
  private JdbcQuotaStore store;
  private EngineFixture fixture;

  /** Creates the database, migrates it and registers the clinics. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("aura-quota-bench-h2-");
    store = JdbcQuotaStore.h2(directory);
    fixture = new EngineFixture(BenchCatalog.service(store), "h2", clinics);
  }

  /** Closes the pool and deletes the database files. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (store != null) {
      store.close();
    }
    deleteRecursively(directory);
  }

  /** The service and its clinics. */
  public EngineFixture engine() {
    return fixture;
  }

  static void deleteRecursively(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
