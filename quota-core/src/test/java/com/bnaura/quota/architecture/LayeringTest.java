package com.bnaura.quota.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of quota-core: the value types ({@code model}) and the store SPI ({@code spi}) are what
 * a host and a store author build on, so they never reach into the engine ({@code internal}); the
 * engine is the only place rules live.
 */
class LayeringTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("com.bnaura.quota");
  }

  @Test
  void model_doesNotDependOnTheEngine() {
    noClasses().that().resideInAPackage("com.bnaura.quota.model..")
        .should().dependOnClassesThat().resideInAnyPackage("com.bnaura.quota.internal..",
            "com.bnaura.quota.spi..")
        .check(core);
  }

  @Test
  void spi_doesNotDependOnTheEngine() {
    noClasses().that().resideInAPackage("com.bnaura.quota.spi..")
        .should().dependOnClassesThat().resideInAPackage("com.bnaura.quota.internal..")
        .check(core);
  }

  @Test
  void theEngine_isReachedOnlyThroughThePublicApi() {
    noClasses().that().resideInAPackage("com.bnaura.quota.spi..")
        .or().resideInAPackage("com.bnaura.quota.model..")
        .should().accessClassesThat().haveSimpleName("DefaultQuotaService")
        .check(core);
  }
}
