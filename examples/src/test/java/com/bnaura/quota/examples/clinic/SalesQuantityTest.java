package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A sales user records one operation at a time: on {@code POST /api/clinics/{id}/charges} and
 * {@code /reservations} any quantity but 1 is a 400 naming {@code quantity} (not a 403, which
 * means quota or role) and changes nothing. Owners and admins may record several.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:legacy;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class SalesQuantityTest extends AbstractAppTest {

  static final String BASE = "/api/clinics/chiangmai-glow";

  @Test
  void aSalesUsersMillionScanChargeIs400NamingQuantityAndChargesNothing() throws Exception {
    TestApi.Answer before = api.quota("chiangmai-glow");

    TestApi.Answer charge = api.post(BASE + "/charges", "demo-sales-chiangmai",
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":1000000,\"acceptOverage\":true}",
        "Idempotency-Key", "sales-million");
    TestApi.Answer reserve = api.post(BASE + "/reservations", "demo-sales-chiangmai",
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":2}", "Idempotency-Key", "sales-two");
    TestApi.Answer zero = api.post(BASE + "/charges", "demo-sales-chiangmai",
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":0}", "Idempotency-Key", "sales-zero");

    for (TestApi.Answer answer : new TestApi.Answer[] {charge, reserve, zero}) {
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.field("code")).isEqualTo("INVALID_ARGUMENT");
      assertThat(answer.field("field")).isEqualTo("quantity");
    }
    TestApi.Answer after = api.quota("chiangmai-glow");
    assertThat(after.field("totalRemaining")).isEqualTo(before.field("totalRemaining"));
    assertThat(after.field("overageBalance")).isEqualTo(before.field("overageBalance"));
    assertThat(after.field("reserved")).isEqualTo(before.field("reserved"));
  }

  @Test
  void aSalesUserChargesAndReservesOneAtATime() throws Exception {
    TestApi.Answer charge = api.post(BASE + "/charges", "demo-sales-chiangmai",
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":1}", "Idempotency-Key", "sales-one");
    TestApi.Answer reserve = api.post(BASE + "/reservations", "demo-sales-chiangmai",
        "{\"operation\":\"QUICK_SCAN\"}", "Idempotency-Key", "sales-hold");

    assertThat(charge.status()).isEqualTo(201);
    assertThat(charge.field("charge.units")).isEqualTo("0.2");
    assertThat(reserve.status()).isEqualTo(201);
  }

  @Test
  void anOwnerMayChargeSeveralAtOnce() throws Exception {
    TestApi.Answer charge = api.post(BASE + "/charges", "demo-owner-chiangmai",
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":5}", "Idempotency-Key", "owner-five");

    assertThat(charge.status()).isEqualTo(201);
    assertThat(charge.field("charge.units")).isEqualTo("1");
  }
}
