package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The owner's auto top-up over real HTTP: set, shown with the pending units, bought once by the
 * charge that crosses the threshold (through the app's gateway, an invoice line), refused field by
 * field, and switched off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:auto-top-up-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
class AutoTopUpEndpointsTest extends AbstractAppTest {

  private Answer put(String clinic, String token, String body, String key) throws Exception {
    return api.call("PUT", "/api/clinics/" + clinic + "/auto-top-up", token, body,
        "Idempotency-Key", key);
  }

  @Test
  void ownerSetsIt_theCrossingChargeBuysOnce_andTheStatusShowsIt() throws Exception {
    String clinic = freshClinic("starter");
    Answer before = api.get("/api/clinics/" + clinic + "/auto-top-up", ADMIN);
    Answer set = put(clinic, ADMIN,
        "{\"thresholdUnits\":20,\"pack\":\"pack-100\",\"monthlyCeiling\":9600}", "atu-1");
    Answer again = put(clinic, ADMIN,
        "{\"thresholdUnits\":20,\"pack\":\"pack-100\",\"monthlyCeiling\":9600}", "atu-1");
    Answer charge = api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":80}", "Idempotency-Key", "c-80");
    Answer bought = awaitAddon(clinic, "100");

    assertThat(before.status()).as(before.text()).isEqualTo(200);
    assertThat(before.field("configured")).isEqualTo("false");
    assertThat(before.body().path("packs").get(0).path("name").asString()).isEqualTo("pack-100");
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(set.field("enabled")).isEqualTo("true");
    assertThat(set.field("thresholdUnits")).isEqualTo("20");
    assertThat(set.field("monthlyCeiling")).isEqualTo("9600");
    assertThat(again.status()).isEqualTo(200);
    assertThat(charge.status()).as(charge.text()).isEqualTo(201);
    assertThat(bought.field("purchasesThisPeriod")).isEqualTo("1");
    assertThat(bought.field("spentThisPeriod")).isEqualTo("4800");
    assertThat(bought.field("settled.monthlyRemaining")).isEqualTo("20");
    assertThat(bought.field("pending.awaitingPayment")).isEqualTo("0");
    assertThat(bought.body().path("openPayment").isNull()).isTrue();
    assertThat(api.quota(clinic).field("addonBalance")).isEqualTo("100");
  }

  @Test
  void pendingUnits_showReservationsApartFromTheBalances() throws Exception {
    String clinic = freshClinic("starter");
    Answer held = api.post("/api/clinics/" + clinic + "/reservations", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":30}", "Idempotency-Key", "r-30");
    Answer shown = api.get("/api/clinics/" + clinic + "/auto-top-up", ADMIN);

    assertThat(held.status()).as(held.text()).isEqualTo(201);
    assertThat(shown.field("pending.reservedMonthly")).isEqualTo("30");
    assertThat(shown.field("pending.reservedAddon")).isEqualTo("0");
    assertThat(shown.field("settled.monthlyRemaining")).isEqualTo("70");
  }

  @Test
  void badSettings_are400NamingTheField_andChangeNothing() throws Exception {
    String clinic = freshClinic("starter");
    Answer percent = put(clinic, ADMIN,
        "{\"thresholdPercent\":120,\"pack\":\"pack-100\",\"monthlyCeiling\":9600}", "bad-1");
    Answer pack = put(clinic, ADMIN,
        "{\"thresholdUnits\":20,\"pack\":\"pack-9\",\"monthlyCeiling\":9600}", "bad-2");
    Answer ceiling = put(clinic, ADMIN,
        "{\"thresholdUnits\":20,\"pack\":\"pack-100\",\"monthlyCeiling\":100}", "bad-3");
    Answer both = put(clinic, ADMIN, "{\"thresholdUnits\":20,\"thresholdPercent\":10,"
        + "\"pack\":\"pack-100\",\"monthlyCeiling\":9600}", "bad-4");
    Answer noKey = api.call("PUT", "/api/clinics/" + clinic + "/auto-top-up", ADMIN,
        "{\"thresholdUnits\":20,\"pack\":\"pack-100\",\"monthlyCeiling\":9600}");

    for (Answer[] a : new Answer[][] {{percent}, {pack}, {ceiling}, {both}}) {
      assertThat(a[0].status()).as(a[0].text()).isEqualTo(400);
      assertThat(a[0].field("code")).isEqualTo("INVALID_ARGUMENT");
    }
    assertThat(percent.field("field")).isEqualTo("thresholdPercent");
    assertThat(pack.field("field")).isEqualTo("pack");
    assertThat(ceiling.field("field")).isEqualTo("monthlyCeiling");
    assertThat(both.field("field")).isEqualTo("threshold");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(api.get("/api/clinics/" + clinic + "/auto-top-up", ADMIN).field("configured"))
        .isEqualTo("false");
  }

  @Test
  void ownerAndAdminOnly_andDeleteSwitchesItOff() throws Exception {
    Answer sales = api.get("/api/clinics/siam-skin/auto-top-up", SALES_SIAM);
    Answer owner = put("siam-skin", OWNER_SIAM,
        "{\"thresholdPercent\":5,\"units\":50,\"monthlyCeiling\":2400}", "owner-1");
    Answer otherClinic = api.get("/api/clinics/chiangmai-glow/auto-top-up", OWNER_SIAM);
    Answer off = api.call("DELETE", "/api/clinics/siam-skin/auto-top-up", OWNER_SIAM, null,
        "Idempotency-Key", "owner-off-1");

    assertThat(sales.status()).isEqualTo(403);
    assertThat(owner.status()).as(owner.text()).isEqualTo(200);
    assertThat(owner.field("thresholdPercent")).isEqualTo("5");
    assertThat(owner.field("units")).isEqualTo("50");
    assertThat(otherClinic.status()).as("another clinic is not there for an owner")
        .isEqualTo(404);
    assertThat(off.status()).as(off.text()).isEqualTo(200);
    assertThat(off.field("enabled")).isEqualTo("false");
    assertThat(off.field("disabledReason")).isEqualTo("DISABLED");
    assertThat(off.field("thresholdPercent")).isEqualTo("5");
  }

  /** Waits for the payment, driven off the request's thread, to grant the pack. */
  private Answer awaitAddon(String clinic, String addon) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Answer shown;
    do {
      shown = api.get("/api/clinics/" + clinic + "/auto-top-up", ADMIN);
      if (addon.equals(shown.field("settled.addonBalance"))
          && shown.body().path("openPayment").isNull()) {
        return shown;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the add-on did not reach " + addon + ": " + shown.text());
  }
}
