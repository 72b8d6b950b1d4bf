package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.bnaura.quota.BranchStatus;
import com.bnaura.quota.BudgetResult;
import com.bnaura.quota.BudgetSet;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of branch and staff budgets, on any store: a branch's monthly budget stops its
 * staff but not another branch's; a staff member's stops that one member; the refusal names the
 * level, the figures and the fix in English and Thai; a release and a commit's remainder give units
 * back; a new period starts from zero; bad input is refused by field and changes nothing; setting
 * a budget replays by key; two instances sharing the store never let a branch past its budget.
 *
 * <p>The clinic is on {@code starter} (100 monthly units) with {@code BLOCK}; a clinical analysis
 * costs 1 unit.
 */
public abstract class BudgetContract {
  private static final String CLINIC = "budget-clinic";
  private static final ClinicId ID = ClinicId.of(CLINIC);

  private MutableClock clock;
  private QuotaStore store;
  private QuotaService quotas;
  private int keys;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpBudgets() {
    clock = MutableClock.at("2026-01-10T03:00:00Z");
    store = newStore();
    quotas = QuotaService.builder().store(store).clock(clock).build();
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
  }

  private BudgetResult branch(String id, String name, String budget) {
    return quotas.defineBranch(CLINIC, id, name, budget, "branch-" + (++keys));
  }

  private BudgetResult staff(String user, String branch, String budget) {
    return quotas.assignStaff(CLINIC, user, branch, budget, "staff-" + (++keys));
  }

  private ConsumeResult analysis(String user) {
    return quotas.tryConsume(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS,
        "use-" + (++keys)).user(user).build());
  }

  private ReserveResult hold(String user, long quantity) {
    return quotas.tryReserve(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS,
        "hold-" + (++keys)).user(user).quantity(quantity).build());
  }

  @Test
  public void branchBudget_stopsTheBranchsStaff_butNotAnotherBranchs() {
    branch("phuket", "Phuket", "3");
    branch("bangkok", "Bangkok", null);
    staff("nurse-a", "phuket", null);
    staff("nurse-b", "phuket", null);
    staff("nurse-c", "bangkok", null);
    List<ConsumeResult> inBudget = List.of(analysis("nurse-a"), analysis("nurse-a"),
        analysis("nurse-b"));
    Units usedBefore = quotas.status(CLINIC).monthlyUsed();

    ConsumeResult over = analysis("nurse-b");
    Units usedAfter = quotas.status(CLINIC).monthlyUsed();
    ConsumeResult otherBranch = analysis("nurse-c");
    ConsumeResult noBranch = analysis("visiting-doctor");

    assertThat(inBudget).allMatch(Consumed.class::isInstance);
    assertThat(over).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.text().code()).isEqualTo("refused.quota_exceeded.branch_budget");
      assertThat(r.message()).contains("branch Phuket", "3.000 of its 3.000 units",
          "needs 1.000", "owner can raise");
      assertThat(r.message(LocalizedText.THAI)).contains("สาขา Phuket", "3.000 จาก 3.000",
          "เจ้าของคลินิก");
    });
    assertThat(usedAfter).as("a refusal charges nothing").isEqualTo(usedBefore);
    assertThat(otherBranch).isInstanceOf(Consumed.class);
    assertThat(noBranch).isInstanceOf(Consumed.class);
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void staffBudget_stopsTheOneMember() {
    branch("phuket", "Phuket", "10");
    staff("nurse-a", "phuket", "2");
    staff("nurse-b", "phuket", null);
    analysis("nurse-a");
    analysis("nurse-a");

    ConsumeResult third = analysis("nurse-a");
    ConsumeResult colleague = analysis("nurse-b");

    assertThat(third).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.text().code()).isEqualTo("refused.quota_exceeded.staff_budget");
      assertThat(r.message()).contains("staff member nurse-a", "2.000 of their 2.000 units",
          "owner can raise");
      assertThat(r.message(LocalizedText.THAI)).contains("พนักงาน nurse-a");
    });
    assertThat(colleague).isInstanceOf(Consumed.class);
  }

  @Test
  public void balanceIsCheckedFirst_thenTheBranch() {
    branch("phuket", "Phuket", "500");
    staff("nurse-a", "phuket", null);

    ReserveResult tooMuch = hold("nurse-a", 101); // more than the clinic's 100 units

    assertThat(tooMuch).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.text().code()).isNotIn("refused.quota_exceeded.branch_budget",
            "refused.quota_exceeded.staff_budget"));
  }

  @Test
  public void release_givesTheHeldUnitsBack_andACommitsRemainderToo() {
    branch("phuket", "Phuket", "3");
    staff("nurse-a", "phuket", null);

    ReserveResult held = hold("nurse-a", 3);
    ReserveResult whileHeld = hold("nurse-a", 1);
    quotas.tryRelease(CLINIC, ((Reserved) held).id().value());
    ReserveResult again = hold("nurse-a", 3);
    quotas.commitOrThrow(new CommitRequest(CLINIC, ((Reserved) again).id().value(),
        Units.of(1), null, 0, 0, 0));
    ConsumeResult intoRemainder = analysis("nurse-a");
    ConsumeResult intoRemainder2 = analysis("nurse-a");
    ConsumeResult over = analysis("nurse-a");

    assertThat(held).isInstanceOf(Reserved.class);
    assertThat(whileHeld).isInstanceOf(Refused.class);
    assertThat(again).isInstanceOf(Reserved.class);
    assertThat(List.of(intoRemainder, intoRemainder2)).allMatch(Consumed.class::isInstance);
    assertThat(over).isInstanceOf(Refused.class);
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void expiredHold_givesItsUnitsBack() {
    branch("phuket", "Phuket", "1");
    staff("nurse-a", "phuket", null);

    hold("nurse-a", 1);
    clock.advance(Duration.ofMinutes(11));
    ConsumeResult afterExpiry = analysis("nurse-a");

    assertThat(afterExpiry).isInstanceOf(Consumed.class);
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void newPeriod_startsTheBudgetsFromZero() {
    branch("phuket", "Phuket", "1");
    staff("nurse-a", "phuket", "1");
    analysis("nurse-a");
    ConsumeResult sameMonth = analysis("nurse-a");

    clock.set("2026-02-01T00:00:00Z"); // after the reset at 00:00 in Bangkok
    ConsumeResult nextMonth = analysis("nurse-a");

    assertThat(sameMonth).isInstanceOf(Refused.class);
    assertThat(nextMonth).isInstanceOf(Consumed.class);
  }

  @Test
  public void branches_showBudgetUsageAndWhatIsLeft_perBranchAndStaffMember() {
    branch("phuket", "Phuket", "10");
    branch("bangkok", "Bangkok", null);
    staff("nurse-a", "phuket", "4");
    staff("nurse-b", "phuket", null);
    analysis("nurse-a");
    analysis("nurse-a");
    hold("nurse-b", 3);

    List<BranchStatus> branches = quotas.branches(CLINIC);

    assertThat(branches).extracting(BranchStatus::branch, BranchStatus::name,
            BranchStatus::monthlyBudget, BranchStatus::used, BranchStatus::remaining)
        .containsExactly(
            tuple("bangkok", "Bangkok", Optional.empty(), Units.ZERO, Optional.empty()),
            tuple("phuket", "Phuket", Optional.of(Units.of(10)), Units.of(5),
                Optional.of(Units.of(5))));
    assertThat(branches.get(1).staff()).extracting(BranchStatus.Staff::user,
            BranchStatus.Staff::used, BranchStatus.Staff::remaining)
        .containsExactly(tuple("nurse-a", Units.of(2), Optional.of(Units.of(2))),
            tuple("nurse-b", Units.of(3), Optional.empty()));
    assertThat(branches.get(1).period()).isEqualTo(quotas.status(CLINIC).period());
    assertThat(branches.get(1).insufficientData()).isTrue();
  }

  @Test
  public void badInput_isRefusedByField_andChangesNothing() {
    branch("phuket", "Phuket", "10");

    BudgetResult blankId = quotas.defineBranch(CLINIC, " ", "X", "1", "bad-1");
    BudgetResult negative = quotas.defineBranch(CLINIC, "x", "X", "-1", "bad-2");
    BudgetResult notUnits = quotas.defineBranch(CLINIC, "x", "X", "ten", "bad-3");
    BudgetResult noBranch = quotas.assignStaff(CLINIC, "nurse-a", "nowhere", null, "bad-4");
    BudgetResult noUser = quotas.assignStaff(CLINIC, "", "phuket", null, "bad-5");
    BudgetResult noKey = quotas.defineBranch(CLINIC, "x", "X", "1", null);

    assertThat(field(blankId)).contains("branchId");
    assertThat(field(negative)).contains("monthlyBudget");
    assertThat(field(notUnits)).contains("monthlyBudget");
    assertThat(field(noBranch)).contains("branchId");
    assertThat(field(noUser)).contains("userId");
    assertThat(field(noKey)).contains("idempotencyKey");
    assertThat(quotas.branches(CLINIC)).extracting(BranchStatus::branch)
        .containsExactly("phuket");
    assertThat(quotas.branches(CLINIC).get(0).staff()).isEmpty();
  }

  private static Optional<String> field(BudgetResult result) {
    assertThat(result).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT));
    return ((Refused) result).field();
  }

  @Test
  public void settingABudget_replaysByKey_andAnotherValueUnderTheKeyIsRefused() {
    BudgetResult first = quotas.defineBranch(CLINIC, "phuket", "Phuket", "50", "set-phuket");
    BudgetResult replay = quotas.defineBranch(CLINIC, "phuket", "Phuket", "50", "set-phuket");
    BudgetResult reused = quotas.defineBranch(CLINIC, "phuket", "Phuket", "60", "set-phuket");
    BudgetResult raised = quotas.defineBranch(CLINIC, "phuket", "Phuket", "60", "raise-phuket");

    assertThat(first).isInstanceOfSatisfying(BudgetSet.class, b -> {
      assertThat(b.level()).isEqualTo(BudgetSet.Level.BRANCH);
      assertThat(b.monthlyBudget()).contains(Units.of(50));
    });
    assertThat(replay).isEqualTo(first);
    assertThat(reused).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(raised).isInstanceOf(BudgetSet.class);
    assertThat(quotas.branches(CLINIC).get(0).monthlyBudget()).contains(Units.of(60));
  }

  @Test
  public void twoInstancesSharingTheStore_neverLetABranchPastItsBudget() throws Exception {
    branch("phuket", "Phuket", "5");
    for (int i = 0; i < 4; i++) {
      staff("nurse-" + i, "phuket", null);
    }
    QuotaService other = QuotaService.builder().store(store).clock(clock).build();
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ConsumeResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        QuotaService on = i % 2 == 0 ? quotas : other;
        String key = "race-" + i;
        String user = "nurse-" + (i % 4);
        results.add(pool.submit(() -> {
          start.await();
          return on.tryConsume(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, key)
              .user(user).build());
        }));
      }
      start.countDown();
      int granted = 0;
      for (Future<ConsumeResult> f : results) {
        if (f.get(60, TimeUnit.SECONDS) instanceof Consumed) {
          granted++;
        }
      }

      assertThat(granted).isEqualTo(5);
      assertThat(quotas.branches(CLINIC).get(0).used()).isEqualTo(Units.of(5));
      LedgerInvariants.check(store, ID);
    } finally {
      pool.shutdownNow();
    }
  }
}
