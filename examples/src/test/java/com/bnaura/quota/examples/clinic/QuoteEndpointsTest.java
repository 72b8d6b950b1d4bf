package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChanged;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The read endpoints the dashboard asks before a paid write: a top-up's price and the exact body
 * that buys it, a plan change's prorated charge as the engine would bill it, the catalog's plans
 * and the clinic's staff names. Quoting buys and changes nothing; a malformed quote is a 400 naming
 * the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:quotes;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class QuoteEndpointsTest extends AbstractAppTest {

  static final String TRIAL = "/api/clinics/phuket-trial";

  @Test
  void aTopUpQuoteForASmallNeed_isOneUnitByCount_andItsBodyBuysExactlyThat() throws Exception {
    TestApi.Answer quote = api.get(TRIAL + "/topups/quote?need=0.2", "demo-sales-phuket");

    assertThat(quote.status()).as(quote.text()).isEqualTo(200);
    assertThat(quote.field("scanCount")).isEqualTo("1");
    assertThat(quote.field("price")).isEqualTo("48");
    assertThat(quote.body().path("pack").isNull()).isTrue();
    assertThat(quotas.status("phuket-trial").addonBalance().milli()).as("a quote buys nothing")
        .isZero();

    TestApi.Answer bought = api.post(TRIAL + "/topups", "demo-sales-phuket",
        quote.body().path("buy").toString(), "Idempotency-Key", "quote-buy-1");
    assertThat(bought.status()).as(bought.text()).isEqualTo(201);
    assertThat(bought.field("totalCost")).isEqualTo(quote.field("price"));
    assertThat(bought.field("scanCount")).isEqualTo("1");
  }

  @Test
  void aPackQuote_buysThePack() throws Exception {
    TestApi.Answer quote = api.get(TRIAL + "/topups/quote?pack=pack-100", "demo-owner-phuket");

    assertThat(quote.status()).as(quote.text()).isEqualTo(200);
    assertThat(quote.field("price")).isEqualTo("4800");
    assertThat(quote.body().path("buy").path("pack").asString()).isEqualTo("pack-100");
  }

  @Test
  void aMalformedTopUpQuote_is400NamingTheField() throws Exception {
    TestApi.Answer both = api.get(TRIAL + "/topups/quote?need=1&scanCount=2", "demo-sales-phuket");
    TestApi.Answer fraction = api.get(TRIAL + "/topups/quote?scanCount=1.5", "demo-sales-phuket");
    TestApi.Answer unknown = api.get(TRIAL + "/topups/quote?pack=pack-7", "demo-sales-phuket");
    TestApi.Answer negative = api.get(TRIAL + "/topups/quote?need=-1", "demo-sales-phuket");

    assertThat(both.status()).isEqualTo(400);
    assertThat(fraction.status()).isEqualTo(400);
    assertThat(fraction.field("field")).isEqualTo("scanCount");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.field("field")).isEqualTo("pack");
    assertThat(negative.status()).as(negative.text()).isEqualTo(400);
    assertThat(negative.field("field")).isEqualTo("need");
  }

  @Test
  void aPlanQuote_isTheEnginesProration_andChangesNothing() throws Exception {
    TestApi.Answer quote = api.get("/api/clinics/chiangmai-glow/plan/quote?planId=professional",
        "demo-owner-chiangmai");
    PlanChanged expected = (PlanChanged) quotas.quotePlanChange(PlanChangeRequest.of(
        "chiangmai-glow", "professional", "k"));

    assertThat(quote.status()).as(quote.text()).isEqualTo(200);
    assertThat(quote.field("immediate")).isEqualTo("true");
    assertThat(quote.field("toName")).isEqualTo("Professional");
    assertThat(quote.body().path("proratedCharge").decimalValue())
        .isEqualByComparingTo(expected.proratedCharge().toBigDecimal());
    assertThat(quotas.status("chiangmai-glow").plan().value()).isEqualTo("starter");

    TestApi.Answer sales = api.get("/api/clinics/chiangmai-glow/plan/quote?planId=professional",
        "demo-sales-chiangmai");
    assertThat(sales.status()).as("a sales user may not change the plan").isEqualTo(403);
  }

  @Test
  void plansAndStaff_listTheCatalogAndTheClinicsPeopleByName() throws Exception {
    TestApi.Answer plans = api.get("/api/plans", "demo-sales-siam");
    TestApi.Answer staff = api.get("/api/clinics/siam-skin/staff", "demo-owner-siam");

    assertThat(plans.status()).isEqualTo(200);
    assertThat(values(plans, "planId")).containsExactlyElementsOf(
        quotas.catalog().plans().stream().map(p -> p.id().value()).toList());
    assertThat(staff.status()).isEqualTo(200);
    assertThat(values(staff, "name")).containsExactlyInAnyOrder("Nok", "Dr. Ploy");
    assertThat(api.get("/api/clinics/chiangmai-glow/staff", "demo-owner-siam").status())
        .as("another clinic's staff is not shown").isEqualTo(404);
  }

  private static java.util.List<String> values(TestApi.Answer answer, String field) {
    java.util.List<String> values = new java.util.ArrayList<>();
    answer.body().forEach(row -> values.add(row.path(field).asString()));
    return values;
  }
}
