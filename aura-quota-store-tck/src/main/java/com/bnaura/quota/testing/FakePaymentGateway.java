package com.bnaura.quota.testing;

import com.bnaura.quota.spi.PaymentGateway;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A payment provider in memory for tests of auto top-up: it authorises, then captures, what it is
 * sent, remembers every payment by its clinic and key (so a key sent again gets the first answer
 * and is never charged twice, as a provider honouring idempotency keys does), and answers {@link
 * #status} from what it remembers. Share one between two services to stand for one provider seen
 * by two instances, or by an instance and its restart.
 *
 * <pre>{@code
 * FakePaymentGateway provider = FakePaymentGateway.twoStep().timeoutAfterAccepting(1);
 * QuotaService quotas = QuotaService.builder().store(store).paymentGateway(provider).build();
 * // ... a charge crosses the threshold; the authorisation times out after the provider took it
 * QuotaService restarted = QuotaService.builder().store(store).paymentGateway(provider).build();
 * restarted.resumePayments(100);          // asks status first, then captures
 * assertThat(provider.charges()).isEqualTo(1);
 * }</pre>
 *
 * <p>Behaviours are queued per call kind: {@link #timeoutAfterAccepting} (the provider takes the
 * authorisation, then the call throws), {@link #timeoutBeforeAccepting} (the call throws and the
 * provider saw nothing), {@link #captureTimeoutBeforeAccepting}, {@link #declining} and {@link
 * #decliningCapture}. Thread-safe.
 */
public final class FakePaymentGateway implements PaymentGateway {
  private final boolean twoStep;
  private final Map<String, Answer> known = new HashMap<>();
  private final Deque<String> authoriseFaults = new ArrayDeque<>();
  private final Deque<String> captureFaults = new ArrayDeque<>();
  private String declineReason;
  private String captureDeclineReason;
  private int authoriseCalls;
  private int captureCalls;
  private int statusCalls;
  private int charges;

  private FakePaymentGateway(boolean twoStep) {
    this.twoStep = twoStep;
  }

  /** A provider whose {@code authorise} authorises and whose {@code capture} captures. */
  public static FakePaymentGateway twoStep() {
    return new FakePaymentGateway(true);
  }

  /** A provider whose {@code authorise} takes the money at once (answers captured). */
  public static FakePaymentGateway oneStep() {
    return new FakePaymentGateway(false);
  }

  /** The next {@code times} authorisations are taken by the provider, then the call throws. */
  public synchronized FakePaymentGateway timeoutAfterAccepting(int times) {
    for (int i = 0; i < times; i++) {
      authoriseFaults.add("after");
    }
    return this;
  }

  /** The next {@code times} authorisations throw before the provider sees them. */
  public synchronized FakePaymentGateway timeoutBeforeAccepting(int times) {
    for (int i = 0; i < times; i++) {
      authoriseFaults.add("before");
    }
    return this;
  }

  /** The next {@code times} captures throw before the provider sees them. */
  public synchronized FakePaymentGateway captureTimeoutBeforeAccepting(int times) {
    for (int i = 0; i < times; i++) {
      captureFaults.add("before");
    }
    return this;
  }

  /** Every authorisation from now on is declined for {@code reason}. */
  public synchronized FakePaymentGateway declining(String reason) {
    this.declineReason = reason;
    return this;
  }

  /** Every capture from now on is declined for {@code reason}. */
  public synchronized FakePaymentGateway decliningCapture(String reason) {
    this.captureDeclineReason = reason;
    return this;
  }

  @Override
  public synchronized Result collect(Request request) {
    Answer answer = authorise(request);
    if (answer.outcome() == Outcome.AUTHORISED) {
      answer = capture(request, answer.reference());
    }
    return answer.outcome() == Outcome.CAPTURED ? Result.accepted(answer.reference())
        : Result.declined(answer.reason());
  }

  @Override
  public synchronized Answer authorise(Request request) {
    authoriseCalls++;
    String id = id(request);
    String fault = authoriseFaults.poll();
    if ("before".equals(fault)) {
      throw new IllegalStateException("timed out before the provider saw " + id);
    }
    Answer answer = known.get(id);
    if (answer == null) {
      if (declineReason != null) {
        answer = Answer.declined(declineReason);
      } else if (twoStep) {
        answer = Answer.authorised("auth-" + id);
      } else {
        answer = Answer.captured("paid-" + id);
        charges++;
      }
      known.put(id, answer);
    }
    if ("after".equals(fault)) {
      throw new IllegalStateException("timed out after the provider took " + id);
    }
    return answer;
  }

  @Override
  public synchronized Answer capture(Request request, String reference) {
    captureCalls++;
    String id = id(request);
    String fault = captureFaults.poll();
    if ("before".equals(fault)) {
      throw new IllegalStateException("capture timed out before the provider saw " + id);
    }
    Answer answer = known.get(id);
    if (answer == null) {
      return Answer.notFound();
    }
    if (answer.outcome() == Outcome.AUTHORISED) {
      if (captureDeclineReason != null) {
        answer = Answer.declined(captureDeclineReason);
      } else {
        answer = Answer.captured("paid-" + id);
        charges++;
      }
      known.put(id, answer);
    }
    return answer;
  }

  @Override
  public synchronized Answer status(Request request) {
    statusCalls++;
    return Optional.ofNullable(known.get(id(request))).orElse(Answer.notFound());
  }

  /** How many payments the provider took money for: each key at most once. */
  public synchronized int charges() {
    return charges;
  }

  /** How many times {@code authorise} was called, repeats of a key included. */
  public synchronized int authoriseCalls() {
    return authoriseCalls;
  }

  /** How many times {@code capture} was called. */
  public synchronized int captureCalls() {
    return captureCalls;
  }

  /** How many times {@code status} was asked. */
  public synchronized int statusCalls() {
    return statusCalls;
  }

  /** How many distinct payments (clinic and key) the provider saw. */
  public synchronized int payments() {
    return known.size();
  }

  private static String id(Request request) {
    return request.clinic().value() + "/" + request.key().value();
  }
}
