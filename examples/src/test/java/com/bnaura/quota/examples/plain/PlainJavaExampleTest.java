package com.bnaura.quota.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainJavaExampleTest {

  @Test
  void theWalkThroughTellsEveryStepAndEndsWithTheBalances() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PlainJavaExample.run(MutableClock.at("2026-03-10T03:00:00Z"),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("1. Two clinics sign up", "7. Final balances",
        "AI call failed (read timed out)", "QUOTA_EXCEEDED");
  }

  @Test
  void aFailedAiCallGivesItsUnitsBack() {
    QuotaService quotas = PlainJavaExample.newService(MutableClock.at("2026-03-10T03:00:00Z"));
    quotas.registerClinic(ClinicRegistration.builder("c-1", "starter").build());
    String line = PlainJavaExample.analyse(quotas,
        UsageRequest.builder("c-1", OperationId.CLINICAL_ANALYSIS, "k-1").build(), () -> {
          throw new IOException("connection reset");
        });
    assertThat(line).startsWith("AI call failed (connection reset)");
    assertThat(quotas.balance("c-1").totalRemaining()).isEqualTo(Units.of(100));
  }
}
