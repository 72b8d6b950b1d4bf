package com.bnaura.quota.jdbc;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.Webhook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One life of an application whose outbox posts to a webhook, run as its own process until it is
 * killed: {@code threads} threads buy one-unit top-ups on {@code clinics} clinics of {@code
 * JdbcQuotaStore.h2(directory)}, each writing a {@code top_up.completed} event with the top-up,
 * and print {@code ACK clinic key transactionId .} the moment a top-up returns, in one {@code
 * write}; meanwhile the service's dispatcher posts the events to {@code url}.
 *
 * <p>{@code java -cp <test classpath> com.bnaura.quota.jdbc.OutboxCrashMain <directory> <threads>
 * <clinics> <url> <secret>}; it ends when its standard input closes.
 */
public final class OutboxCrashMain {
  /** How long a dispatcher's lease lasts, so a killed one is taken over quickly. */
  static final Duration LEASE = Duration.ofSeconds(2);

  private OutboxCrashMain() {}

  /** Runs until killed, or until its standard input closes. */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Path directory = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int clinics = Integer.parseInt(args[2]);
    String url = args[3];
    String secret = args[4];

    H2CrashMain.haltWhenParentGoes();

    JdbcQuotaStore store = JdbcQuotaStore.h2(directory);
    QuotaService quotas = service(store, url, secret, Duration.ofMillis(50));
    H2CrashMain.print("READY .");
    for (int t = 0; t < threads; t++) {
      String prefix = ProcessHandle.current().pid() + "-" + t + "-";
      Thread worker = new Thread(() -> {
        for (long seq = 0; ; seq++) {
          String clinic = H2CrashMain.clinic((int) (seq % clinics));
          String key = prefix + seq;
          try {
            TopUpResult r = quotas.purchaseTopUp(TopUpRequest.units(clinic, 1, key));
            if (r instanceof ToppedUp t2) {
              H2CrashMain.print("ACK " + clinic + " " + key + " " + t2.transactionId() + " .");
            }
          } catch (RuntimeException e) {
            System.err.println("top-up " + key + " failed: " + e);
          }
        }
      }, "worker-" + t);
      worker.start();
    }
    Thread.currentThread().join();
  }

  /** The service of every life, and of the test that drains what the last life left. */
  static QuotaService service(JdbcQuotaStore store, String url, String secret, Duration every) {
    return QuotaService.builder().store(store).clock(Clock.systemUTC())
        .customerRefKey(H2CrashMain.CUSTOMER_KEY)
        .webhook(Webhook.of("receiver", url, secret))
        .eventRetries(100, Duration.ofMillis(200), Duration.ofSeconds(1))
        .eventLease(LEASE)
        .dispatchEvery(every)
        .build();
  }
}
