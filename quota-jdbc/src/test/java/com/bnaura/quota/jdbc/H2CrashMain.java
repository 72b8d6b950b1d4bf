package com.bnaura.quota.jdbc;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One life of an application on the embedded default, run as its own process until it is killed:
 * {@code threads} threads reserve, commit (sometimes partly), release, consume and top up on
 * {@code clinics} clinics of {@code JdbcQuotaStore.h2(directory)}, each call with its own
 * idempotency key, and print one line to stdout the moment a call returns, written and flushed
 * in one {@code write} so that a kill never leaves half a line:
 *
 * <pre>
 * ACK kind clinic key units outcome ref arg .
 * </pre>
 *
 * <p>{@code kind} is {@code reserve}, {@code commit}, {@code release}, {@code consume} or {@code
 * topup}; {@code key} the call's idempotency key (for a commit or release, which are idempotent by
 * reservation, the key of its reserve); {@code units} the milli-units held, charged or bought;
 * {@code outcome} {@code held}, {@code committed}, {@code late}, {@code unbilled}, {@code
 * released}, {@code expired}, {@code charged}, {@code bought} or {@code refused:CODE}; {@code ref}
 * the reservation or top-up transaction id ({@code -} when none); {@code arg} what is needed to
 * send the same call again (the operation, the milli-units a commit asked for, the units bought).
 *
 * <p>With {@code host} as its last argument it opens the same file the way a host application
 * does instead: its own pool over {@code jdbc:h2:file:<directory>/quota} with H2's default write
 * delay, handed to {@code JdbcQuotaStore.builder(dataSource)}.
 *
 * <p>The process ends when its standard input closes (the test that started it is gone).
 *
 * <p>{@code java -cp <test classpath> com.bnaura.quota.jdbc.H2CrashMain <directory> <life>
 * <threads> <clinics> <seed> [host]}
 */
public final class H2CrashMain {
  /** What each life of the process uses, so that a re-send after the last kill can match it. */
  static final Duration RESERVATION_TTL = Duration.ofHours(1);

  /** The key the customer references are hashed with (none are sent; the service wants one). */
  static final byte[] CUSTOMER_KEY = "h2-kill9-customer-key-0123456789".getBytes(
      StandardCharsets.US_ASCII);

  private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);

  private H2CrashMain() {}

  /** Runs until killed, or until its standard input closes. */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Path directory = Path.of(args[0]);
    String life = args[1];
    int threads = Integer.parseInt(args[2]);
    int clinics = Integer.parseInt(args[3]);
    long seed = Long.parseLong(args[4]);

    haltWhenParentGoes();

    JdbcQuotaStore store = args.length > 5 && args[5].equals("host")
        ? JdbcQuotaStore.builder(hostPool(directory)).build() : JdbcQuotaStore.h2(directory);
    QuotaService quotas = service(store);
    print("READY " + life + " " + store.durability() + " .");
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = seeds.split();
      String prefix = life + "-" + t + "-";
      Thread worker = new Thread(() -> {
        for (long seq = 0; ; seq++) {
          String clinic = clinic(random.nextInt(clinics));
          try {
            step(quotas, random, clinic, prefix + seq);
          } catch (RuntimeException e) {
            // a store failure is an unacknowledged call: it prints no ACK and is not checked
            System.err.println("call " + prefix + seq + " on " + clinic + " failed: " + e);
          }
        }
      }, "worker-" + t);
      worker.start();
    }
    Thread.currentThread().join();
  }

  /** The service every life of the process, and the test that checks it, builds. */
  static QuotaService service(JdbcQuotaStore store) {
    return QuotaService.builder().store(store).clock(Clock.systemUTC())
        .reservationTtl(RESERVATION_TTL).customerRefKey(CUSTOMER_KEY).build();
  }

  /** A pool as a host application would open it, without any setting about writes. */
  private static javax.sql.DataSource hostPool(Path directory) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + directory.toAbsolutePath().resolve("quota")
        + ";LOCK_TIMEOUT=10000");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(8);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  /** The id of clinic {@code i}. */
  static String clinic(int i) {
    return "h2k-" + i;
  }

  /** The usage request a reserve or consume sends, and sends again. */
  static UsageRequest usage(String clinic, String operation, String key) {
    return UsageRequest.builder(clinic, operation, key).build();
  }

  private static void step(QuotaService quotas, SplittableRandom random, String clinic,
      String key) {
    int dice = random.nextInt(100);
    String operation = random.nextInt(4) == 0 ? OperationId.CLINICAL_ANALYSIS.value()
        : OperationId.QUICK_SCAN.value();
    if (dice < 8) {
      long units = 1 + random.nextInt(5);
      TopUpResult r = quotas.purchaseTopUp(TopUpRequest.units(clinic, units, key));
      ack("topup", clinic, key, r, Long.toString(units));
    } else if (dice < 40) {
      ConsumeResult r = quotas.tryConsume(usage(clinic, operation, key));
      ack("consume", clinic, key, r, operation);
    } else {
      ReserveResult r = quotas.tryReserve(usage(clinic, operation, key));
      ack("reserve", clinic, key, r, operation);
      if (!(r instanceof Reserved held)) {
        return;
      }
      int fate = random.nextInt(100);
      String id = held.id().value();
      if (fate < 65) {
        long reserved = held.hold().units().milli();
        long actual = random.nextInt(4) == 0 ? reserved / 2 : reserved;
        CommitResult c = quotas.tryCommit(commit(clinic, id, actual));
        ack("commit", clinic, key, c, Long.toString(actual));
      } else if (fate < 95) {
        ReleaseResult released = quotas.tryRelease(clinic, id);
        ack("release", clinic, key, released, "-");
      }
      // the rest stay pending: a hold that is neither committed nor released is kept as well
    }
  }

  /** The commit a reserve's follow-up sends, and sends again. */
  static CommitRequest commit(String clinic, String reservationId, long actualMilli) {
    return CommitRequest.builder(clinic, reservationId).actualUnits(Units.ofMilli(actualMilli))
        .build();
  }

  /** The ACK line of a call that returned {@code result}. */
  static String line(String kind, String clinic, String key, Object result, String arg) {
    long units = 0;
    String outcome;
    String ref = "-";
    if (result instanceof Refused r) {
      outcome = "refused:" + r.code();
    } else if (result instanceof Reserved r) {
      units = r.hold().units().milli();
      outcome = "held";
      ref = r.id().value();
    } else if (result instanceof Committed c) {
      units = c.charge().units().milli();
      outcome = !c.billed() ? "unbilled" : c.late() ? "late" : "committed";
      ref = c.reservation().value();
    } else if (result instanceof Released r) {
      units = r.returned().total().milli();
      outcome = r.expired() ? "expired" : "released";
      ref = r.reservation().value();
    } else if (result instanceof Consumed c) {
      units = c.charge().units().milli();
      outcome = c.billed() ? "charged" : "unbilled";
    } else if (result instanceof ToppedUp t) {
      units = t.units().milli();
      outcome = "bought";
      ref = t.transactionId();
    } else {
      throw new IllegalStateException("unexpected result " + result);
    }
    return "ACK " + kind + " " + clinic + " " + key + " " + units + " " + outcome + " " + ref + " "
        + arg + " .";
  }

  private static void ack(String kind, String clinic, String key, Object result, String arg) {
    print(line(kind, clinic, key, result, arg));
  }

  /**
   * Halts the process when its standard input closes: the test that started it is gone. The
   * parent writes nothing to it.
   */
  static void haltWhenParentGoes() {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the parent writes nothing; end of input means it is gone
        }
      } catch (IOException e) {
        // the same: nobody is listening any more
      }
      Runtime.getRuntime().halt(2);
    }, "stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Prints {@code line} to stdout in one write, so a kill never leaves half a line. */
  static void print(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (OUT) {
      try {
        OUT.write(bytes);
        OUT.flush();
      } catch (IOException e) {
        Runtime.getRuntime().halt(3);
      }
    }
  }
}
