package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Units;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The owner's receipts and packs in a real browser (headless Chromium, {@link HeadlessChromium}):
 * each charge of the period as a row that opens its receipt, each pack with what is left, in
 * English and Thai; a sales user sees none of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:receipts-browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class ReceiptsBrowserTest extends AbstractBrowserTest {

  private static List<WebElement> rows(String table) {
    return chromium.driver().findElements(By.cssSelector("#" + table + " tbody tr"));
  }

  /** The text of row {@code i} of {@code table}, read again if the panel re-rendered meanwhile. */
  private static String rowText(String table, int i) {
    for (int attempt = 0; ; attempt++) {
      try {
        return rows(table).get(i).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  @Test
  void theOwnerSeesEachReceiptAndPack_andOpensAScanPaidByThePack_salesSeesNone() {
    for (String key : List.of("browser-1", "browser-2")) {
      quotas.consumeOrThrow(UsageRequest.builder("phuket-trial", "CLINICAL_ANALYSIS", key)
          .user("sales-phuket").build());
    }
    quotas.purchaseTopUpOrThrow(TopUpRequest.pack("phuket-trial", "pack-100", "browser-pack"));
    quotas.consumeOrThrow(UsageRequest.builder("phuket-trial", "QUICK_SCAN", "browser-scan")
        .user("sales-phuket").build());

    chromium.signInAs(port, "owner-phuket");
    chromium.waitUntil(() -> rows("receipts").size() == 3
        && rows("grants").get(0).getText().contains("pack-100"));

    assertThat(rowText("receipts", 2)).contains("Quick scan").contains("Fah")
        .contains("0 / 0.2 / 0").contains("฿0").endsWith("no");
    assertThat(rowText("receipts", 0)).contains("Clinical analysis")
        .contains("1 / 0 / 0");
    assertThat(rowText("grants", 0))
        .isEqualTo("pack-100 99.8 of 100 0 never expires Void");
    rows("receipts").get(2).click();
    chromium.waitUntil(() -> chromium.text("receipt-detail").contains("browser-scan"));
    assertThat(chromium.text("receipt-detail")).contains("pack-100: 0.2 units")
        .contains("From the month 0 · from packs 0.2 · overage 0");

    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("receipt-detail").matches(THAI_LETTERS));
    assertThat(chromium.text("receipt-detail")).contains("pack-100: 0.2 หน่วย");
    assertThat(rowText("grants", 0)).contains("99.8 จาก 100")
        .endsWith("ไม่มีวันหมดอายุ ยกเลิกแพ็ก");
    assertThat(rowText("receipts", 2)).contains("สแกนด่วน");
    chromium.click("lang");
    chromium.click("sign-out");

    chromium.signInAs(port, "sales-phuket");
    chromium.waitUntil(() -> chromium.displayed("quick-scan"));
    assertThat(chromium.displayed("owner-panel")).isFalse();
    assertThat(rows("receipts")).isEmpty();
    assertThat(chromium.text("receipt-detail")).isEmpty();
    chromium.click("sign-out");
  }

  @Test
  void theOwnerRefundsAScanAndVoidsAPack_eachOnceHoweverOftenTheyClick() {
    String clinic = "chiangmai-glow";
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(clinic, 10, "browser-refund-pack"));
    Units monthly = quotas.status(clinic).monthlyRemaining();
    quotas.consumeOrThrow(UsageRequest.builder(clinic, "CLINICAL_ANALYSIS", "browser-month")
        .quantity(monthly.milli() / 1000).build());
    quotas.consumeOrThrow(UsageRequest.builder(clinic, "CLINICAL_ANALYSIS", "browser-refund")
        .user("sales-chiangmai").build());

    chromium.signInAs(port, "owner-chiangmai");
    By scan = By.cssSelector("#receipts tr[data-key='browser-refund']");
    chromium.waitUntil(() -> !chromium.driver().findElements(scan).isEmpty());
    chromium.driver().findElement(scan).click();
    By refund = By.id("refund-charge");
    chromium.waitUntil(() -> !chromium.driver().findElements(refund).isEmpty());
    chromium.click("refund-charge");
    chromium.waitUntil(() -> chromium.displayed("confirm-ok"));
    assertThat(chromium.text("confirm-text")).contains("1", "browser-refund");
    chromium.driver().findElement(By.id("confirm-ok")).click();
    chromium.waitUntil(() -> !chromium.text("result").isEmpty());
    assertThat(chromium.text("result")).isEqualTo("Gave back 1 units.");
    chromium.waitUntil(() -> chromium.text("receipt-detail").contains("Given back 1 units"));

    assertThat(quotas.receipt(clinic, "browser-refund").orElseThrow().reversed())
        .isEqualTo(Units.of(1));
    assertThat(chromium.driver().findElements(refund)).isEmpty();
    chromium.waitUntil(() -> rows("grants").get(0).getText().contains("10 of 10"));

    rows("grants").get(0).findElement(By.cssSelector("button.void-pack")).click();
    chromium.waitUntil(() -> chromium.displayed("confirm-ok"));
    chromium.driver().findElement(By.id("confirm-ok")).click();
    chromium.waitUntil(() -> rows("grants").get(0).getText().contains("No packs bought."));

    assertThat(quotas.status(clinic).addonBalance()).isEqualTo(Units.ZERO);
    assertThat(quotas.reconcile(clinic).drifts()).isEmpty();
    chromium.click("sign-out");
  }
}
