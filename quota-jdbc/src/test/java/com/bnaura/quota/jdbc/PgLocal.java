package com.bnaura.quota.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code scripts/pg-local.sh}: a private PostgreSQL server on its own port and folder, which
 * fault tests crash and restart. The machine's PostgreSQL service is never touched.
 */
final class PgLocal {
  private final Path script = Path.of("..", "scripts", "pg-local.sh").toAbsolutePath().normalize();
  private final Path dir;
  private final int port;

  /**
   * A server in {@code target/name} on {@code port}, which is below Linux's ephemeral port range
   * (32768-60999) so that no outgoing connection of the build can be holding it.
   */
  PgLocal(String name, int port) {
    this.dir = Path.of("target", name).toAbsolutePath();
    this.port = port;
  }

  /** Creates and starts the server, or skips the test saying why. */
  PgLocal initAndStart() throws IOException, InterruptedException {
    int init = run("init");
    assumeTrue(init == 0, "scripts/pg-local.sh init failed (no PostgreSQL server binaries, or no "
        + "'postgres' user to run them as): skipping the PostgreSQL fault test");
    check(run("start"), "start");
    return this;
  }

  /** The JDBC URL of the private server. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Runs one command of the script: init, start, stop, crash, restart, fast-restart. */
  int run(String command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("PG_LOCAL_DIR", dir.toString());
    pb.environment().put("PG_LOCAL_PORT", Integer.toString(port));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** Runs {@code command}, failing the test if it fails. */
  void must(String command) throws IOException, InterruptedException {
    check(run(command), command);
  }

  private static void check(int exit, String command) {
    if (exit != 0) {
      throw new IllegalStateException("scripts/pg-local.sh " + command + " exited " + exit);
    }
  }
}
