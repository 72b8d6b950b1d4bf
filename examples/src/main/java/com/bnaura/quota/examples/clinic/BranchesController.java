package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.BranchStatus;
import com.bnaura.quota.BudgetResult;
import com.bnaura.quota.BudgetSet;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A clinic's branches and staff budgets ({@link QuotaService#defineBranch}, {@link
 * QuotaService#assignStaff}, {@link QuotaService#branches}) for the owner and the platform admin.
 *
 * <ul>
 *   <li>{@code GET /api/clinics/{clinicId}/branches}: each branch this period with its budget,
 *       {@code used}, {@code remaining}, burn rate and run-out day, and its staff (with names).
 *   <li>{@code PUT /api/clinics/{clinicId}/branches/{branchId}} with {@code {"name": "Phuket",
 *       "monthlyBudget": 50}} ({@code monthlyBudget} absent or {@code null}: no budget) and an
 *       {@code Idempotency-Key}: defines the branch or changes it.
 *   <li>{@code PUT /api/clinics/{clinicId}/staff/{userId}/branch} with {@code {"branchId":
 *       "phuket", "monthlyBudget": 20}} and an {@code Idempotency-Key}: puts the staff member in
 *       the branch with their own budget or none.
 * </ul>
 *
 * <p>Units are written as numbers, as in the app's other views ({@code 50}, {@code 0.2}), an absent
 * budget as {@code null}. A
 * bad value is a 400 naming the field; a charge over a branch's or a staff member's budget is the
 * engine's {@code QUOTA_EXCEEDED}, whose message names the level and the fix.
 */
@RestController
class BranchesController {

  private final QuotaService quotas;
  private final DemoProperties demo;

  BranchesController(QuotaService quotas, DemoProperties demo) {
    this.quotas = quotas;
    this.demo = demo;
  }

  /** The clinic's branches this period. */
  @GetMapping("/api/clinics/{clinicId}/branches")
  List<Map<String, Object>> branches(Caller caller, @PathVariable String clinicId) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    Map<String, String> names = demo.staffNames(clinic);
    List<Map<String, Object>> body = new ArrayList<>();
    for (BranchStatus b : quotas.branches(clinic)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("branchId", b.branch());
      row.put("name", b.name());
      row.put("monthlyBudget", units(b.monthlyBudget()));
      row.put("used", JsonViews.units(b.used()));
      row.put("remaining", units(b.remaining()));
      row.put("dailyRate", JsonViews.units(b.dailyRate()));
      row.put("budgetRunsOut", b.budgetRunsOut().map(LocalDate::toString).orElse(null));
      row.put("insufficientData", b.insufficientData());
      List<Map<String, Object>> staff = new ArrayList<>();
      for (BranchStatus.Staff s : b.staff()) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("userId", s.user());
        member.put("name", names.getOrDefault(s.user(), s.user()));
        member.put("monthlyBudget", units(s.monthlyBudget()));
        member.put("used", JsonViews.units(s.used()));
        member.put("remaining", units(s.remaining()));
        staff.add(member);
      }
      row.put("staff", staff);
      body.add(row);
    }
    return body;
  }

  /** A branch: {@code {"name": "Phuket", "monthlyBudget": 50}}. */
  record BranchBody(String name, BigDecimal monthlyBudget) {}

  @PutMapping("/api/clinics/{clinicId}/branches/{branchId}")
  Map<String, Object> defineBranch(Caller caller, @PathVariable String clinicId,
      @PathVariable String branchId, @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody BranchBody body) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    return view(quotas.defineBranch(clinic, branchId, body.name(), text(body.monthlyBudget()),
        idempotencyKey));
  }

  /** A staff member's branch: {@code {"branchId": "phuket", "monthlyBudget": 20}}. */
  record StaffBody(String branchId, BigDecimal monthlyBudget) {}

  @PutMapping("/api/clinics/{clinicId}/staff/{userId}/branch")
  Map<String, Object> assignStaff(Caller caller, @PathVariable String clinicId,
      @PathVariable String userId, @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody StaffBody body) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    return view(quotas.assignStaff(clinic, userId, body.branchId(), text(body.monthlyBudget()),
        idempotencyKey));
  }

  private static Map<String, Object> view(BudgetResult result) {
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    BudgetSet set = (BudgetSet) result;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("level", set.level().name());
    body.put("id", set.id());
    body.put("branchId", set.branch());
    body.put("name", set.name());
    body.put("monthlyBudget", units(set.monthlyBudget()));
    return body;
  }

  /** A JSON number as the library's decimal text; the library refuses a bad one by field. */
  private static String text(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  private static BigDecimal units(Optional<Units> value) {
    return value.map(JsonViews::units).orElse(null);
  }
}
