package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The owner's panel in a real browser (headless Chromium, {@link HeadlessChromium}) on an app
 * whose clock the test moves: the forecast need with the top-up that covers it, bought from
 * there; an error of the app in the language chosen; the statement download.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:owner-browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class OwnerPanelBrowserTest extends AbstractBrowserTest {

  @Autowired
  MutableClock clock;

  @Test
  void theForecastNeed_namesTheTopUpThatCoversIt_withItsPrice_andBuysIt() {
    // four days at 12 units a day on a 100-unit plan: the pace runs out before the reset
    for (int day = 0; day < 4; day++) {
      quotas.consumeOrThrow(UsageRequest.builder("chiangmai-glow", "CLINICAL_ANALYSIS",
          "forecast-day-" + day).user("sales-chiangmai").quantity(12).build());
      clock.advance(Duration.ofDays(1));
    }
    BurnForecast forecast = quotas.forecast("chiangmai-glow");
    assertThat(forecast.insufficientData()).isFalse();
    assertThat(forecast.projectedShortfall().isPositive()).isTrue();
    TopUpPack offer = quotas.catalog().topUps().smallestCovering(forecast.projectedShortfall())
        .orElseThrow();
    long count = offer.units().milli() / 1000;
    boolean named = quotas.catalog().topUps().pack(offer.name()).isPresent();

    chromium.signInAs(port, "owner-chiangmai");
    chromium.waitUntil(() -> chromium.displayed("forecast-need"));

    String need = chromium.text("forecast-need-text");
    String price = "฿" + NumberFormat.getNumberInstance(Locale.UK).format(offer.price()
        .toBigDecimal());
    String reset = forecast.resetDate().format(DateTimeFormatter.ofPattern("d MMM yyyy",
        Locale.UK));
    assertThat(need).startsWith("Forecast: you need ")
        .contains(" more units before " + reset + " — ")
        .endsWith((named ? "the " + count + "-scan pack (" + price + ") covers it."
            : count + " scans (" + price + ") cover it."));
    BigDecimal shown = new BigDecimal(need.substring("Forecast: you need ".length(),
        need.indexOf(" more units")).replace(",", ""));
    assertThat(shown.subtract(forecast.projectedShortfall().toBigDecimal()).abs())
        .as("the need is the projected shortfall").isLessThanOrEqualTo(new BigDecimal("0.05"));

    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("forecast-need-text").matches(THAI_LETTERS));
    assertThat(chromium.text("forecast-need-text")).startsWith("พยากรณ์: ต้องใช้อีก ")
        .contains("฿").endsWith("เพียงพอ");
    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("forecast-need-text").startsWith("Forecast"));

    chromium.click("buy-forecast");
    chromium.waitUntil(() -> chromium.displayed("confirm"));
    assertThat(chromium.text("confirm-text")).isEqualTo("Buy " + count + " scans for " + price
        + "?");
    assertThat(quotas.status("chiangmai-glow").addonBalance()).as("nothing bought before Confirm")
        .isEqualTo(Units.ZERO);
    chromium.click("confirm-ok");
    chromium.waitUntil(() -> !chromium.displayed("forecast-need"));
    assertThat(quotas.status("chiangmai-glow").addonBalance()).isEqualTo(offer.units());
    assertThat(quotas.forecast("chiangmai-glow").projectedShortfall().isPositive())
        .as("the purchase covers the forecast need").isFalse();
    chromium.driver().findElement(By.id("sign-out")).click();
  }

  @Test
  void anErrorOfTheApp_readsInThai_whenThaiIsChosen_withTheFieldAsItIs() {
    chromium.signInAs(port, "sales-siam");
    WebElement asymmetry = chromium.driver().findElement(By.id("m-asym"));
    asymmetry.clear();
    asymmetry.sendKeys("5");

    chromium.click("lang");
    chromium.click("quick-scan");
    chromium.waitUntil(() -> chromium.text("result").startsWith("400"));

    assertThat(chromium.text("result")).isEqualTo("400 INVALID_ARGUMENT:"
        + " facialMetrics.facialAsymmetry ต้องอยู่ระหว่าง 0 ถึง 1 แต่ได้ 5.0");

    chromium.click("lang");
    chromium.click("quick-scan");
    chromium.waitUntil(() -> !chromium.text("result").matches(THAI_LETTERS));
    assertThat(chromium.text("result")).isEqualTo("400 INVALID_ARGUMENT:"
        + " facialMetrics.facialAsymmetry must be from 0 to 1, was 5.0");
    chromium.click("sign-out");
  }

  @Test
  void downloadStatement_savesTheCsvTheServerNames_withItsLabelInThai() {
    quotas.consumeOrThrow(UsageRequest.builder("siam-skin", "QUICK_SCAN", "statement-browser")
        .user("sales-siam").build());
    chromium.signInAs(port, "owner-siam");
    chromium.waitUntil(() -> chromium.displayed("download-statement"));
    assertThat(chromium.text("download-statement")).isEqualTo("Download statement (CSV)");
    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("download-statement").matches(THAI_LETTERS));
    assertThat(chromium.text("download-statement")).isEqualTo("ดาวน์โหลดใบแจ้งยอด (CSV)");
    JavascriptExecutor page = (JavascriptExecutor) chromium.driver();
    // the page hands the file to the browser through an object URL and a link's click
    page.executeScript("window.savedName = null; window.savedCsv = null;"
        + "const create = URL.createObjectURL.bind(URL);"
        + "URL.createObjectURL = blob => { blob.text().then(t => window.savedCsv = t);"
        + " return create(blob); };"
        + "HTMLAnchorElement.prototype.click = function () { window.savedName = this.download; };");

    chromium.click("download-statement");
    chromium.waitUntil(() -> page.executeScript("return window.savedCsv") != null);

    assertThat(page.executeScript("return window.savedName"))
        .isEqualTo("statement-siam-skin-2026-11.csv");
    assertThat((String) page.executeScript("return window.savedCsv"))
        .startsWith("time,money_line,").contains("\ntime,kind,operation,user,")
        .contains(",CHARGE,QUICK_SCAN,Nok,0.2,").contains(",statement-browser,")
        .contains("\n,TOTAL_CHARGES,");
    assertThat(chromium.text("statement-error")).isEmpty();
    chromium.click("lang");
    chromium.click("sign-out");
  }
}
