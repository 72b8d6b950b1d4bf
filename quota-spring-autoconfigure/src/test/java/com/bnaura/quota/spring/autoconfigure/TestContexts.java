package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;

/** What the auto-configuration tests share. */
final class TestContexts {

  private TestContexts() {}

  /** Our auto-configurations, read from the imports file as Spring Boot reads it. */
  static AutoConfigurations quota() {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : importedNames()) {
      try {
        classes.add(Class.forName(name));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
  }

  /** The names of our auto-configurations in the imports file. */
  static List<String> importedNames() {
    List<String> names = new ArrayList<>();
    for (String name : ImportCandidates.load(AutoConfiguration.class,
        TestContexts.class.getClassLoader())) {
      if (name.startsWith("com.bnaura.")) {
        names.add(name);
      }
    }
    return names;
  }

  /** A private in-memory H2 database for one context. */
  static String h2Url() {
    return "spring.datasource.url=jdbc:h2:mem:quota-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  /** Registers {@code clinic} on {@code plan} in the Bangkok zone. */
  static void register(QuotaService quotas, String clinic, String plan) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, plan).build());
  }
}
