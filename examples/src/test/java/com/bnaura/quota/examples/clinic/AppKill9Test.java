package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.testing.ReliabilityReport;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * RELIABILITY T16 over HTTP: the clinic app, started as a user starts it, keeps every answer it
 * gave through {@code kill -9}.
 *
 * <p>The app runs as a child JVM with its own main class and its default {@code application.yml},
 * in a temporary working directory (so the default H2 file database lands in its {@code ./data}),
 * on a free port, with the offline demo analyzer. Sixteen client threads scan ({@code POST
 * /api/ai/analyze} with customer ids and idempotency keys, accepting overage so that the quota
 * never refuses) and buy top-ups ({@code POST /api/clinics/{id}/topups} with keys), and record
 * every 200 or 201 with its key and body the moment it arrives. The child is killed with {@code
 * SIGKILL} at seeded random moments and restarted on the same folder each time. Then every
 * acknowledged key is re-sent: a scan must answer its first body with {@code "replayed": true}, a
 * top-up its first body, and no clinic's balance may move. Finally the database is reopened and
 * every acknowledged scan must be charged exactly once in the engine's ledger (one commit or charge
 * under its key) with its answer kept, every top-up granted exactly once.
 *
 * <p>Figures go to the reliability report: {@code faults_survived.app_kill9.kills}, {@code
 * .acknowledged}, {@code .lost} (the test fails unless it is 0) and {@code .replayed}.
 *
 * <p>The default run (5 kills, about a minute) is part of every build. A longer run: {@code
 * ./mvnw -pl examples -am test -Dtest=AppKill9Test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dapp.kill9.kills=30 -Dapp.kill9.seed=7 -Dapp.kill9.maxLoadMillis=8000}.
 */
final class AppKill9Test {

  private static final int KILLS = Integer.getInteger("app.kill9.kills", 5);
  private static final long SEED = Long.getLong("app.kill9.seed", 4242L);
  private static final int CLIENTS = Integer.getInteger("app.kill9.clients", 16);
  private static final int MIN_LOAD_MILLIS = Integer.getInteger("app.kill9.minLoadMillis", 700);
  private static final int MAX_LOAD_MILLIS = Integer.getInteger("app.kill9.maxLoadMillis", 2500);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private static final String[][] CLINICS = {
      {"siam-skin", "demo-sales-siam"},
      {"chiangmai-glow", "demo-sales-chiangmai"},
      {"phuket-trial", "demo-sales-phuket"}};

  /** An answer the app gave: what was sent, under which key, and what came back. */
  private record Ack(String kind, String clinic, String token, String path, String key,
      String body, int status, String answer) {}

  /** The running child and the generation it belongs to. */
  private record Target(URI base, int generation) {}

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<Target> target = new AtomicReference<>();
  private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final Map<Integer, AtomicLong> otherStatuses = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedScanAndTopUpSurvivesKill9AndReplays() throws Exception {
    Random random = new Random(SEED);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      long clientSeed = random.nextLong();
      int client = c;
      clients.execute(() -> load(client, new Random(clientSeed)));
    }
    int kills = 0;
    Process app = null;
    try {
      for (int generation = 1; generation <= KILLS; generation++) {
        app = start(generation);
        long loadMillis = MIN_LOAD_MILLIS
            + random.nextInt(Math.max(1, MAX_LOAD_MILLIS - MIN_LOAD_MILLIS));
        Thread.sleep(loadMillis);
        app.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no graceful close
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        kills++;
      }
      stop.set(true);
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

      app = start(KILLS + 1);
      List<Ack> acknowledged = new ArrayList<>(acks);
      assertThat(acknowledged).as("answers acknowledged before the kills").isNotEmpty();
      Map<String, JsonNode> before = balances();
      long replayed = 0;
      List<String> lost = new ArrayList<>();
      for (Ack ack : acknowledged) {
        HttpResponse<String> again = send(target.get().base(), ack);
        if (again.statusCode() == ack.status()
            && json.readTree(again.body()).equals(expectedReplay(ack))) {
          replayed++;
        } else {
          lost.add(ack.kind() + " " + ack.key() + ": re-sent, answered " + again.statusCode() + " "
              + abbreviated(again.body()));
        }
      }
      Map<String, JsonNode> after = balances();
      app.destroyForcibly();
      app.waitFor(30, TimeUnit.SECONDS);

      List<String> missing = notFoundOnce(acknowledged);
      long scans = acknowledged.stream().filter(a -> a.kind().equals("scan")).count();
      long lostCount = acknowledged.stream().filter(a -> lost.stream().anyMatch(
          l -> l.startsWith(a.kind() + " " + a.key() + ":")) || missing.stream().anyMatch(
          l -> l.startsWith(a.kind() + " " + a.key() + ":"))).count();
      ReliabilityReport.add("faults_survived", "app_kill9.kills", kills);
      ReliabilityReport.add("faults_survived", "app_kill9.acknowledged", acknowledged.size());
      ReliabilityReport.add("faults_survived", "app_kill9.lost", lostCount);
      ReliabilityReport.add("faults_survived", "app_kill9.replayed", replayed);
      System.out.printf(Locale.ROOT, "app kill -9: %d kills, %d acknowledged (%d scans, %d top-ups),"
          + " %d lost, %d replayed, other answers %s%n", kills, acknowledged.size(), scans,
          acknowledged.size() - scans, lostCount, replayed, otherStatuses);
      lost.addAll(missing);
      assertThat(lost).as("acknowledged answers lost or not replayed, of " + acknowledged.size())
          .isEmpty();
      assertThat(after).as("re-sending acknowledged keys charges and grants nothing")
          .isEqualTo(before);
      assertThat(replayed).isEqualTo(acknowledged.size());
    } finally {
      stop.set(true);
      clients.shutdownNow();
      if (app != null && app.isAlive()) {
        app.destroyForcibly();
        app.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** One client: scans and top-ups with fresh keys until stopped; a dead app is waited out. */
  private void load(int client, Random random) {
    long sequence = 0;
    while (!stop.get()) {
      Target current = target.get();
      if (current == null) {
        pause();
        continue;
      }
      String[] clinic = CLINICS[random.nextInt(CLINICS.length)];
      Ack request;
      if (random.nextInt(5) == 0) {
        request = new Ack("topup", clinic[0], clinic[1], "/api/clinics/" + clinic[0] + "/topups",
            "topup-" + client + "-" + sequence++, "{\"scanCount\":" + (1 + random.nextInt(5))
                + "}", 201, null);
      } else {
        request = new Ack("scan", clinic[0], clinic[1], "/api/ai/analyze",
            "scan-" + client + "-" + sequence++, scanBody(clinic[0], random), 200, null);
      }
      try {
        HttpResponse<String> response = send(current.base(), request);
        if (response.statusCode() == request.status()) {
          acks.add(new Ack(request.kind(), request.clinic(), request.token(), request.path(),
              request.key(), request.body(), response.statusCode(), response.body()));
        } else {
          otherStatuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong())
              .incrementAndGet();
        }
      } catch (IOException e) {
        // the app is down: this request has no answer; wait for the next generation
        while (!stop.get() && target.get() == current) {
          pause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String scanBody(String clinic, Random random) {
    return "{\"clinicId\":\"" + clinic + "\",\"customerId\":\"customer-" + random.nextInt(300)
        + "\",\"useProModel\":" + (random.nextInt(5) == 0)
        + ",\"acceptOverageCharge\":true,\"customerInfo\":{\"age\":" + (20 + random.nextInt(50))
        + ",\"skinType\":\"combination\"},\"facialMetrics\":{\"facialAsymmetry\":"
        + severity(random) + ",\"skinTexture\":" + severity(random) + ",\"volumeLoss\":["
        + severity(random) + "," + severity(random) + "],\"wrinkleDepth\":" + severity(random)
        + ",\"poreSize\":" + severity(random) + "}}";
  }

  private static String severity(Random random) {
    return String.format(Locale.ROOT, "%.2f", random.nextInt(101) / 100.0);
  }

  private HttpResponse<String> send(URI base, Ack request)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(request.path()))
        // longer than the app waits for a scan another request holds (30 s)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + request.token())
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", request.key())
        .POST(HttpRequest.BodyPublishers.ofString(request.body())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A scan replays its first body with {@code replayed} true; a top-up its first body. */
  private JsonNode expectedReplay(Ack ack) {
    JsonNode first = json.readTree(ack.answer());
    if (ack.kind().equals("scan")) {
      ((ObjectNode) first).put("replayed", true);
    }
    return first;
  }

  /** The quota status of each clinic, without the instant it was read. */
  private Map<String, JsonNode> balances() throws IOException, InterruptedException {
    Map<String, JsonNode> balances = new HashMap<>();
    for (String[] clinic : CLINICS) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.get().base()
              .resolve("/api/clinics/" + clinic[0] + "/quota"))
          .header("Authorization", "Bearer demo-admin").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      ObjectNode status = (ObjectNode) json.readTree(response.body());
      status.remove("asOf");
      balances.put(clinic[0], status);
    }
    return balances;
  }

  /**
   * Reopens the app's database and names every acknowledged answer that is not there exactly
   * once: a scan as one commit or charge of the engine under its key and its answer kept, a
   * top-up as one grant of the engine under its key.
   */
  private List<String> notFoundOnce(List<Ack> acknowledged) throws SQLException {
    Map<String, Integer> ledger = new HashMap<>();
    Map<String, String> kept = new HashMap<>();
    String url = "jdbc:h2:file:" + dir.resolve("data/clinic-app").toAbsolutePath();
    try (Connection db = DriverManager.getConnection(url, "sa", "");
         Statement sql = db.createStatement()) {
      try (ResultSet rs = sql.executeQuery("SELECT clinic_id, idem_key, entry_kind FROM"
          + " ai_usage_logs WHERE entry_kind IN ('COMMIT', 'CHARGE', 'TOP_UP')")) {
        while (rs.next()) {
          String kind = rs.getString(3).equals("TOP_UP") ? "topup" : "scan";
          ledger.merge(kind + "|" + rs.getString(1) + "|" + rs.getString(2), 1, Integer::sum);
        }
      }
      try (ResultSet rs = sql.executeQuery("SELECT clinic_id, idem_key, answer FROM"
          + " clinic_app_scan_answer WHERE state = 'DONE'")) {
        while (rs.next()) {
          kept.put(rs.getString(1) + "|" + rs.getString(2), rs.getString(3));
        }
      }
    }
    List<String> lost = new ArrayList<>();
    for (Ack ack : acknowledged) {
      int found = ledger.getOrDefault(ack.kind() + "|" + ack.clinic() + "|" + ack.key(), 0);
      if (found != 1) {
        lost.add(ack.kind() + " " + ack.key() + ": found " + found + " times in the ledger");
      }
      if (ack.kind().equals("scan")) {
        String answer = kept.get(ack.clinic() + "|" + ack.key());
        if (answer == null || !json.readTree(answer).equals(json.readTree(ack.answer()))) {
          lost.add("scan " + ack.key() + ": its answer is not kept as it was sent");
        }
      }
    }
    return lost;
  }

  /** Starts the app as README says, in the test's folder, and waits until it answers. */
  private Process start(int generation) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // start-up speed only; the app's code and configuration are the user's
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
        "-cp", appClassPath(),
        ClinicApplication.class.getName(),
        "--server.port=" + port));
    Path log = dir.resolve("app-" + generation + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    for (String variable : List.of("GOOGLE_AI_API_KEY", "CLINIC_DB_URL", "CLINIC_DB_USER",
        "CLINIC_DB_PASSWORD", "PORT")) {
      builder.environment().remove(variable);
    }
    Process app = builder.start();
    URI base = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!app.isAlive()) {
        throw new AssertionError("the app stopped during start-up (exit " + app.exitValue()
            + "):\n" + tail(log));
      }
      try {
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(base.resolve("/api/me"))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer demo-admin").build(),
            HttpResponse.BodyHandlers.ofString());
        if (me.statusCode() == 200) {
          assertThat(json.readTree(me.body()).path("offlineDemo").asBoolean()).isTrue();
          target.set(new Target(base, generation));
          return app;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() - deadline > 0) {
        app.destroyForcibly();
        throw new AssertionError("the app did not answer within " + START_TIMEOUT + ":\n"
            + tail(log));
      }
      Thread.sleep(100);
    }
  }

  /** The class path the app runs with: the test's, without the test classes. */
  private static String appClassPath() {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    // test classes would be component-scanned into the app (their test configurations too)
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
