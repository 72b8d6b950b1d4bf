package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.BudgetResult;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.model.OveragePolicy;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Registers the demo clinics at start-up, before the web server takes its first request
 * (idempotent: a restart keeps their balances), and, once the server listens, prints where to go
 * and, in demo mode, who can sign in with which token.
 */
@Component
class DemoSetup implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

  private final QuotaService quotas;
  private final DemoProperties demo;
  private final SkinAnalyzer analyzer;
  private final Environment environment;

  DemoSetup(QuotaService quotas, DemoProperties demo, SkinAnalyzer analyzer,
      Environment environment) {
    this.quotas = quotas;
    this.demo = demo;
    this.analyzer = analyzer;
    this.environment = environment;
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (DemoProperties.Clinic clinic : demo.clinics()) {
      ClinicRegistration.Builder registration = ClinicRegistration.builder(clinic.id(),
          clinic.plan());
      if (clinic.overagePolicy() != null && !clinic.overagePolicy().isBlank()) {
        registration.overagePolicy(OveragePolicy.valueOf(clinic.overagePolicy()));
      }
      RegistrationResult result = quotas.registerClinic(registration.build());
      if (result instanceof Refused refused
          && refused.code() == RefusalCode.REGISTRATION_CONFLICT) {
        // registered before and changed since (a plan change through the app): the stored
        // settings are the clinic's, the demo list only opens accounts
        log.info("demo clinic {} keeps its stored settings ({} differs from the demo list)",
            clinic.id(), refused.field());
      } else if (result instanceof Refused refused) {
        throw new IllegalStateException("demo clinic " + clinic.id() + " could not be registered: "
            + refused.message());
      }
      defineBranches(clinic);
    }
  }

  /** The demo clinic's branches and their staff, for those branches it does not have yet. */
  private void defineBranches(DemoProperties.Clinic clinic) {
    Set<String> existing = new HashSet<>();
    if (!clinic.branches().isEmpty()) {
      quotas.branches(clinic.id()).forEach(b -> existing.add(b.branch()));
    }
    for (DemoProperties.Branch branch : clinic.branches()) {
      if (existing.contains(branch.id())) {
        continue;
      }
      settle(quotas.defineBranch(clinic.id(), branch.id(), branch.name(), branch.monthlyBudget(),
          "demo-branch-" + branch.id()), clinic.id());
      for (String user : branch.staff()) {
        settle(quotas.assignStaff(clinic.id(), user, branch.id(),
            branch.staffBudgets().get(user), "demo-staff-" + branch.id() + "-" + user),
            clinic.id());
      }
    }
  }

  private static void settle(BudgetResult result, String clinic) {
    if (result instanceof Refused refused) {
      throw new IllegalStateException("demo branches of " + clinic + " could not be set: "
          + refused.message());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void announce() {
    String port = environment.getProperty("local.server.port",
        environment.getProperty("server.port", "8080"));
    StringBuilder text = new StringBuilder();
    text.append("\n\n  Aura Quota clinic app is ready: http://localhost:").append(port).append('/')
        .append("\n  API document: http://localhost:").append(port).append("/swagger-ui.html")
        .append("\n  Analyzer: ").append(analyzer.offlineDemo()
            ? "offline demo (set GOOGLE_AI_API_KEY to use Gemini)" : "Gemini")
        .append("\n\n  Demo clinics:");
    for (DemoProperties.Clinic clinic : demo.clinics()) {
      text.append(String.format("%n    %-16s %-28s plan %s", clinic.id(), clinic.name(),
          clinic.plan()));
    }
    if (!demo.enabled()) {
      text.append("\n\n  Demo mode is off (clinic-demo.enabled): users sign in with their"
          + " own tokens\n");
      log.info("{}", text);
      return;
    }
    text.append("\n\n  Demo users (send 'Authorization: Bearer <token>'):");
    for (DemoProperties.User user : demo.users()) {
      text.append(String.format("%n    %-6s %-22s clinic %-16s token %s", user.role(), user.name(),
          user.clinicId() == null || user.clinicId().isBlank() ? "(all)" : user.clinicId(),
          user.token()));
    }
    text.append("\n\n  Try: curl -H 'Authorization: Bearer ")
        .append(demo.users().isEmpty() ? "<token>" : demo.users().get(0).token())
        .append("' 'http://localhost:").append(port).append("/api/quota/usage")
        .append(demo.users().isEmpty() ? "" : "?clinicId=" + demo.users().get(0).clinicId())
        .append("'\n");
    log.info("{}", text);
  }
}
