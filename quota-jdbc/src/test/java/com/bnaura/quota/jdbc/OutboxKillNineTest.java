package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.WebhookSignature;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.testing.ReliabilityReport;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the outbox's dispatcher: a child JVM ({@link OutboxCrashMain}) buys top-ups on the
 * embedded H2 default while its dispatcher posts their events to a webhook this test serves; the
 * test kills it with SIGKILL while deliveries are in flight, starts it again on the same folder,
 * and after the last kill drains what is left. Every acknowledged top-up's event must have been
 * received at least once, with a valid signature; every stored event must end delivered; and no
 * event may be received that the store does not hold. The receiver drops repeats by event id and
 * counts them.
 *
 * <p>System properties: {@code outboxkill9.kills} (default 4), {@code seed}.
 */
final class OutboxKillNineTest {
  private static final int CLINICS = 4;
  private static final String SECRET = "outbox-kill9-secret-0123456789";
  private static final Path ROOT = Path.of("target", "outboxkill9");
  private static final Pattern TRANSACTION = Pattern.compile("\"transactionId\":\"([^\"]+)\"");

  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final Set<String> transactionsReceived = ConcurrentHashMap.newKeySet();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private final AtomicInteger posts = new AtomicInteger();

  @Test
  void killNineOfTheDispatcher_deliversEveryEventAtLeastOnce_andTheIdDropsTheRepeats()
      throws Exception {
    int kills = Integer.getInteger("outboxkill9.kills", 4);
    long seed = Long.getLong("seed", new SplittableRandom().nextLong());
    System.out.println("OutboxKillNineTest seed=" + seed + " kills=" + kills);
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = H2KillNineTest.fresh(ROOT.resolve("db"));
    try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
      QuotaService setup = QuotaService.builder().store(store).build();
      for (int c = 0; c < CLINICS; c++) {
        setup.registerClinic(ClinicRegistration.builder(H2CrashMain.clinic(c), "starter").build());
      }
    }

    HttpServer server = receiver();
    List<String[]> acks = new ArrayList<>();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
      for (int life = 0; life < kills; life++) {
        int postsBefore = posts.get();
        Child child = Child.start(dir, url, life);
        child.awaitAcks(40 + random.nextInt(80));
        child.awaitPosts(posts, postsBefore + 5);
        Thread.sleep(random.nextInt(100));
        List<String[]> acknowledged = child.killNine();
        System.out.println("life " + life + ": killed after " + acknowledged.size()
            + " acknowledged top-ups, " + (posts.get() - postsBefore) + " posts received");
        acks.addAll(acknowledged);
      }

      try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
        QuotaService drain = OutboxCrashMain.service(store, url, SECRET, Duration.ZERO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!store.eventsIn(DeliveryState.PENDING, 1).isEmpty()) {
          assertThat(System.nanoTime()).as("the outbox drains").isLessThan(deadline);
          if (drain.dispatchEvents(200) == 0) {
            Thread.sleep(100); // the killed dispatcher's lease and claims run out
          }
        }
        List<EventRecord> stored = new ArrayList<>();
        for (int c = 0; c < CLINICS; c++) {
          stored.addAll(store.events(ClinicId.of(H2CrashMain.clinic(c)), 0, 0, 100_000));
        }
        drain.close();

        Set<String> storedIds = new HashSet<>();
        stored.forEach(e -> storedIds.add(e.id()));
        List<String> missing = new ArrayList<>();
        for (String[] ack : acks) {
          if (!transactionsReceived.contains(ack[2])) {
            missing.add(ack[0] + " " + ack[1] + " " + ack[2]);
          }
        }
        long repeats = received.values().stream().mapToInt(n -> n.get() - 1).sum();
        System.out.println("OutboxKillNineTest: " + kills + " kill -9, " + acks.size()
            + " acknowledged top-ups, " + stored.size() + " events stored, " + received.size()
            + " received, " + repeats + " repeats dropped by id, " + missing.size() + " missing");

        ReliabilityReport.add("faults_survived", "outbox_kill9.kills", kills);
        ReliabilityReport.add("faults_survived", "outbox_kill9.acknowledged", acks.size());
        ReliabilityReport.add("faults_survived", "outbox_kill9.events", stored.size());
        ReliabilityReport.add("faults_survived", "outbox_kill9.repeats_dropped", repeats);
        ReliabilityReport.add("faults_survived", "outbox_kill9.lost", missing.size());

        assertThat(acks.size()).isGreaterThanOrEqualTo(kills * 40);
        assertThat(missing).as("acknowledged top-ups whose event never arrived (seed %d)", seed)
            .isEmpty();
        assertThat(stored).as("every stored event ends delivered")
            .allSatisfy(e -> assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(received.keySet()).as("received only events the store holds, all of them")
            .isEqualTo(storedIds);
        assertThat(badSignatures.get()).isZero();
      }
    } finally {
      server.stop(0);
    }
  }

  private HttpServer receiver() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext("/events", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
      if (!WebhookSignature.verify(SECRET, signature, body, Instant.now(), Duration.ofMinutes(5))) {
        badSignatures.incrementAndGet();
        exchange.sendResponseHeaders(400, -1);
        exchange.close();
        return;
      }
      String id = exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID_HEADER);
      received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      Matcher m = TRANSACTION.matcher(body);
      if (m.find()) {
        transactionsReceived.add(m.group(1));
      }
      posts.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  /** One process of {@link OutboxCrashMain}, and the top-ups it acknowledged. */
  private static final class Child {
    private final Process process;
    private final Path errors;
    private final List<String[]> acks = new ArrayList<>();
    private final Thread reader;

    private Child(Process process, Path errors) {
      this.process = process;
      this.errors = errors;
      this.reader = new Thread(this::read, "outboxkill9-reader");
      reader.start();
    }

    static Child start(Path dir, String url, int life) throws IOException {
      Path errors = ROOT.resolve("life-" + life + ".err");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:ActiveProcessorCount=2",
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), OutboxCrashMain.class.getName(),
          dir.toString(), "4", Integer.toString(CLINICS), url, SECRET)
          .redirectError(errors.toFile())
          .start();
      return new Child(p, errors);
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.split(" ");
          if (f.length == 5 && f[0].equals("ACK") && f[4].equals(".")) {
            synchronized (acks) {
              acks.add(new String[] {f[1], f[2], f[3]});
            }
          }
        }
      } catch (IOException e) {
        // the pipe closed with the process
      }
    }

    private int acknowledged() {
      synchronized (acks) {
        return acks.size();
      }
    }

    void awaitAcks(int n) throws Exception {
      await(() -> acknowledged() >= n, "acknowledged " + n + " top-ups");
    }

    void awaitPosts(AtomicInteger posts, int n) throws Exception {
      await(() -> posts.get() >= n, "delivered " + n + " posts in all");
    }

    private void await(java.util.function.BooleanSupplier done, String what) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!done.getAsBoolean()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError("child never " + what + " and "
              + (process.isAlive() ? "stalled" : "died") + ": " + Files.readString(errors));
        }
        Thread.sleep(5);
      }
    }

    List<String[]> killNine() throws Exception {
      process.toHandle().destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("killed child exits").isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      synchronized (acks) {
        return List.copyOf(acks);
      }
    }
  }
}
