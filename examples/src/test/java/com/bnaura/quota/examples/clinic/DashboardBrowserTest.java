package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.UsageRequest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.format.TextStyle;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard in a real browser: headless Chromium from Debian's {@code chromium} and {@code
 * chromium-driver} packages ({@code /usr/bin/chromedriver}; nothing is downloaded). A sales person
 * of the trial clinic scans until the quota runs out, sees the 403 and "Buy More Scans", buys, and
 * watches the bar refill; the admin sees every clinic and the forecast chart. Screenshots go to
 * {@code target/screenshots/}.
 *
 * <p>Skipped, saying so, where the packages are missing, except in CI ({@code CI} set), where
 * {@code .ci/run} installs them and a missing browser fails the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
class DashboardBrowserTest extends AbstractBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Any letter of the Thai script; not the baht sign (U+0E3F), which every language shows. */
  private static final String THAI_LETTERS = "(?s).*[\\u0E01-\\u0E3A\\u0E40-\\u0E5B].*";

  private static WebDriver browser;

  @BeforeAll
  static void openScreenshots() throws IOException {
    browser = chromium.driver();
    Files.createDirectories(SCREENSHOTS);
  }

  @Test
  void salesScansUntilRefusedThenBuysMoreScansAndTheBarRefills() throws IOException {
    signInAs("sales-phuket");
    assertThat(remaining()).isEqualTo("2");
    assertThat(browser.findElement(By.id("demo-banner")).isDisplayed()).isTrue();

    int scans = 0;
    while (!displayed("refusal") && scans < 20) {
      String before = remaining();
      browser.findElement(By.id("quick-scan")).click();
      scans++;
      waitUntil(() -> displayed("refusal") || !remaining().equals(before));
    }
    // 2 units of monthly allowance at 0.2 per quick scan: ten scans, then the eleventh is refused
    assertThat(scans).isEqualTo(11);
    assertThat(remaining()).isEqualTo("0");
    assertThat(text("refusal-message")).contains("75");
    assertThat(browser.findElement(By.id("buy-more")).getText()).isEqualTo("Buy More Scans");
    // 0.2 units short: the engine suggests one unit at ฿48, not the ฿4,800 pack
    assertThat(text("suggestion")).isEqualTo("Suggested top-up: 1 scan for ฿48.");
    screenshot("1-quota-exhausted");

    browser.findElement(By.id("buy-more")).click();
    waitUntil(() -> displayed("confirm"));
    assertThat(text("confirm-text")).isEqualTo("Buy 1 scan for ฿48?");
    screenshot("2-confirm-purchase");
    assertThat(quotas.status("phuket-trial").addonBalance()).as("nothing bought before Confirm")
        .isEqualTo(Units.ZERO);
    new Actions(browser).doubleClick(browser.findElement(By.id("confirm-ok"))).perform();
    waitUntil(() -> !remaining().equals("0"));
    assertThat(remaining()).isEqualTo("1");
    assertThat(text("result")).isEqualTo("Bought 1 scan for ฿48.");
    assertThat(quotas.status("phuket-trial").addonBalance()).as("a double-click buys once")
        .isEqualTo(Units.of(1));
    assertThat(displayed("refusal")).isFalse();
    assertThat(widthOf("seg-addon")).isGreaterThan(0);
    screenshot("3-bar-refilled");

    long scansBefore = quotas.usageStats("phuket-trial").charged().count();
    new Actions(browser).doubleClick(browser.findElement(By.id("quick-scan"))).perform();
    waitUntil(() -> remaining().equals("0.8"));
    assertThat(text("result")).contains("offline-demo-flash");
    assertThat(quotas.usageStats("phuket-trial").charged().count()).as("a double-click scans once")
        .isEqualTo(scansBefore + 1);

    browser.findElement(By.id("lang")).click();
    assertThat(browser.findElement(By.id("buy-more")).getAttribute("textContent"))
        .isEqualTo("ซื้อสแกนเพิ่ม");
    assertThat(browser.findElement(By.id("quick-scan")).getText()).isEqualTo("สแกนด่วน (0.2 หน่วย)");
    screenshot("4-thai");
    browser.findElement(By.id("lang")).click();
    browser.findElement(By.id("sign-out")).click();

    // the owner of the clinic sees the alerts its run-out fired, and nothing of what Fah saw
    signInAs("owner-phuket");
    assertThat(text("who")).isEqualTo("Dr. Arun · Owner");
    assertThat(text("result")).isEmpty();
    assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("Bought");
    waitUntil(() -> !browser.findElements(By.cssSelector("#alerts li")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#alerts li")))
        .extracting(WebElement::getText).anyMatch(text -> text.contains("Exhausted"));
    waitUntil(() -> text("usage").contains("Fah: 11 scans"));
    assertThat(text("usage")).doesNotContain("sales-phuket");
    screenshot("5-owner");
    browser.findElement(By.id("sign-out")).click();
  }

  @Test
  void adminSeesEveryClinicAndTheForecastChart() throws IOException {
    quotas.consumeOrThrow(UsageRequest.builder("chiangmai-glow", "CLINICAL_ANALYSIS",
        "browser-admin-1").quantity(70).build());
    signInAs("admin");
    waitUntil(() -> browser.findElements(By.cssSelector("#clinic-table tbody tr")).size() == 3);
    List<WebElement> rows = browser.findElements(By.cssSelector("#clinic-table tbody tr"));
    assertThat(rows).extracting(row -> row.getDomAttribute("data-clinic"))
        .containsExactlyInAnyOrder("siam-skin", "chiangmai-glow", "phuket-trial");
    waitUntil(() -> browser.findElement(By.id("forecast-chart")).getDomAttribute("data-y-ticks")
        != null);
    WebElement chart = browser.findElement(By.id("forecast-chart"));
    assertThat(chart.findElements(By.tagName("canvas"))).as("the chart is drawn").isNotEmpty();
    assertThat(chart.getDomAttribute("data-y-ticks").split("\\|"))
        .as("the units axis has values").hasSizeGreaterThan(2).allMatch(v -> v.matches("[0-9,.]+"));
    assertThat(chart.getDomAttribute("data-x-ticks").split("\\|"))
        .as("the date axis has dates").isNotEmpty()
        .anyMatch(v -> v.matches("\\d{1,2} [A-Z][a-z]+\\.?"));
    assertThat(chart.findElements(By.cssSelector(".u-legend .u-label")))
        .extracting(WebElement::getText)
        .as("the legend names the series").contains("actual", "projected", "allowance");
    new Actions(browser).moveToElement(chart.findElement(By.cssSelector(".u-over")), 20, 40)
        .perform();
    waitUntil(() -> chart.findElements(By.cssSelector(".u-legend .u-value")).stream()
        .skip(1).anyMatch(v -> v.getText().matches("[0-9,.]+")));
    assertThat(text("forecast-text")).as("the run-out sentence stays under the chart")
        .isNotBlank();
    assertThat(text("cache-stats")).contains("Hit rate");
    String closest = java.util.stream.Stream.of("siam-skin", "chiangmai-glow", "phuket-trial")
        .min(java.util.Comparator.comparing(c -> quotas.status(c).percentRemaining()))
        .orElseThrow();
    assertThat(browser.findElement(By.cssSelector("tr.selected")).getDomAttribute("data-clinic"))
        .as("the clinic closest to running out is charted first").isEqualTo(closest);
    screenshot("6-admin");
    browser.findElement(By.id("sign-out")).click();
  }

  @Test
  void withoutRandomUuid_aKeyIsStillMade_andARetryAfterALostAnswerScansOnce() {
    signInAs("sales-siam");
    assertThat(text("who")).isEqualTo("Nok · Sales");
    // as on plain HTTP over a LAN, where crypto.randomUUID does not exist; every key sent is
    // recorded, and the first answer of the analysis is lost on its way back
    ((JavascriptExecutor) browser).executeScript("""
        delete Crypto.prototype.randomUUID;
        window.sentKeys = [];
        window.dropNextAnswer = true;
        const realFetch = window.fetch;
        window.fetch = async (path, options) => {
          const key = options && options.headers && options.headers['Idempotency-Key'];
          if (key) window.sentKeys.push(key);
          const response = await realFetch(path, options);
          if (key && String(path).includes('/analyze') && window.dropNextAnswer) {
            window.dropNextAnswer = false;
            throw new TypeError('Failed to fetch');
          }
          return response;
        };""");
    assertThat(((JavascriptExecutor) browser).executeScript("return typeof crypto.randomUUID"))
        .isEqualTo("undefined");
    String before = remaining();
    long scansBefore = quotas.usageStats("siam-skin").charged().count();

    browser.findElement(By.id("quick-scan")).click();
    waitUntil(() -> text("result").contains("NETWORK_ERROR"));
    assertThat(quotas.usageStats("siam-skin").charged().count()).as("the lost answer's scan")
        .isEqualTo(scansBefore + 1);
    browser.findElement(By.id("quick-scan")).click();
    waitUntil(() -> text("result").contains("offline-demo-flash"));

    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) ((JavascriptExecutor) browser)
        .executeScript("return window.sentKeys");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0)).matches(
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(keys.get(1)).as("the retry sends the same key").isEqualTo(keys.get(0));
    assertThat(quotas.usageStats("siam-skin").charged().count()).as("scanned once")
        .isEqualTo(scansBefore + 1);
    waitUntil(() -> !remaining().equals(before));
    assertThat(new BigDecimal(before).subtract(new BigDecimal(remaining())))
        .isEqualByComparingTo("0.2");

    // the next action is a new one: a new key
    browser.findElement(By.id("quick-scan")).click();
    waitUntil(() -> ((List<?>) ((JavascriptExecutor) browser)
        .executeScript("return window.sentKeys")).size() == 3);
    @SuppressWarnings("unchecked")
    List<String> after = (List<String>) ((JavascriptExecutor) browser)
        .executeScript("return window.sentKeys");
    assertThat(after.get(2)).isNotEqualTo(keys.get(0));
    waitUntil(() -> quotas.usageStats("siam-skin").charged().count() == scansBefore + 2);
    browser.findElement(By.id("sign-out")).click();
  }

  @Test
  void thePlanSelectorListsTheCatalog_startsOnTheCurrentPlan_andAsksWithTheLibrarysPrice()
      throws IOException {
    signInAs("owner-chiangmai");
    waitUntil(() -> !new Select(browser.findElement(By.id("plan-select"))).getOptions().isEmpty());
    Select plans = new Select(browser.findElement(By.id("plan-select")));
    assertThat(plans.getOptions()).extracting(o -> o.getDomAttribute("value"))
        .containsExactlyElementsOf(quotas.catalog().plans().stream().map(p -> p.id().value())
            .toList());
    waitUntil(() -> "starter".equals(plans.getFirstSelectedOption().getDomAttribute("value")));

    plans.selectByValue("professional");
    browser.findElement(By.id("change-plan")).click();
    waitUntil(() -> displayed("confirm"));
    PlanChanged quote = (PlanChanged) quotas.quotePlanChange(PlanChangeRequest.of(
        "chiangmai-glow", "professional", "browser-quote"));
    String month = quote.effectiveAt().atZone(quotas.status("chiangmai-glow").zone()).getMonth()
        .getDisplayName(TextStyle.FULL, Locale.UK);
    // as the page writes money: satang, two digits, only when there are any (฿5,612.90, ฿4,800)
    BigDecimal charge = quote.proratedCharge().toBigDecimal();
    NumberFormat baht = NumberFormat.getNumberInstance(Locale.UK);
    int satang = charge.stripTrailingZeros().scale() > 0 ? 2 : 0;
    baht.setMinimumFractionDigits(satang);
    baht.setMaximumFractionDigits(2);
    String price = baht.format(charge);
    assertThat(text("confirm-text")).isEqualTo("Change to Professional: ฿" + price
        + " now for the rest of " + month + "?");
    screenshot("7-confirm-plan");
    browser.findElement(By.id("confirm-cancel")).click();
    waitUntil(() -> !displayed("confirm"));
    assertThat(quotas.status("chiangmai-glow").plan().value()).as("cancel changes nothing")
        .isEqualTo("starter");
    browser.findElement(By.id("sign-out")).click();
  }

  @Test
  void switchingToThai_reRendersEveryPanelAtOnce_andMoneyAndDatesReadPerLocale()
      throws IOException {
    // most of Siam Skin's allowance used: a WARNING alert fires and the forecast has a sentence
    long allowance = quotas.status("siam-skin").monthlyAllowance().toBigDecimal().longValue();
    long toUse = allowance * 93 / 100 - quotas.status("siam-skin").monthlyUsed().toBigDecimal()
        .longValue();
    for (int i = 0; toUse > 0; i++) {
      long chunk = Math.min(toUse, 20);
      quotas.consumeOrThrow(UsageRequest.builder("siam-skin", "CLINICAL_ANALYSIS",
          "browser-thai-" + i).user("sales-siam").quantity(chunk).build());
      toUse -= chunk;
    }
    signInAs("owner-siam");
    waitUntil(() -> !browser.findElements(By.cssSelector("#alerts li")).isEmpty()
        && !text("usage").isEmpty() && !text("recommendations").isEmpty());
    Select plans = new Select(browser.findElement(By.id("plan-select")));
    String professional = "Professional · ";
    String englishPlan = plans.getOptions().stream().map(WebElement::getText)
        .filter(o -> o.startsWith(professional)).findFirst().orElseThrow();
    Money price = quotas.catalog().plan(PlanId.of("professional")).orElseThrow().monthlyPrice();
    assertThat(englishPlan).as("money through Intl in English: grouped, with the baht sign")
        .endsWith("฿" + NumberFormat.getNumberInstance(Locale.UK).format(price.toBigDecimal()));
    int resetYear = quotas.status("siam-skin").resetAt().atZone(quotas.status("siam-skin").zone())
        .getYear();
    assertThat(text("reset-text")).contains(String.valueOf(resetYear));
    assertThat(text("alerts")).doesNotMatch(THAI_LETTERS);
    assertThat(browser.findElement(By.cssSelector(".metrics")).getText())
        .as("the metric fields have human labels").contains("Skin texture")
        .doesNotContain("skinTexture", "facialAsymmetry");

    // with the poll stopped, only the switch itself can re-render the panels
    ((JavascriptExecutor) browser).executeScript("stopPolling()");
    browser.findElement(By.id("lang")).click();

    waitUntil(() -> text("alerts").matches(THAI_LETTERS)
        && text("recommendations").matches(THAI_LETTERS));
    assertThat(text("who")).isEqualTo("Dr. Ploy · เจ้าของคลินิก");
    assertThat(text("alerts")).as("the alert feed's sentences come from the server in Thai")
        .contains("เหลือ");
    assertThat(text("usage")).contains("Nok").contains("สแกน").contains("หน่วย");
    assertThat(text("total-remaining")).contains("หน่วย");
    assertThat(browser.findElement(By.cssSelector(".metrics")).getText())
        .contains("พื้นผิวผิว").doesNotContain("Skin texture");
    String thaiPlan = new Select(browser.findElement(By.id("plan-select"))).getOptions().stream()
        .map(WebElement::getText).filter(o -> o.startsWith(professional)).findFirst()
        .orElseThrow();
    assertThat(thaiPlan).as("the plan selector is re-rendered in Thai").contains("หน่วย")
        .endsWith("฿" + NumberFormat.getNumberInstance(Locale.forLanguageTag("th-TH"))
            .format(price.toBigDecimal()));
    assertThat(text("reset-text")).as("Thai dates count Buddhist Era years")
        .contains(String.valueOf(resetYear + 543));
    screenshot("8-owner-thai");

    browser.findElement(By.id("lang")).click();
    waitUntil(() -> !text("alerts").matches(THAI_LETTERS));
    assertThat(text("who")).isEqualTo("Dr. Ploy · Owner");
    browser.findElement(By.id("sign-out")).click();

    // the admin's table, chart and forecast sentence switch at once too
    signInAs("admin");
    waitUntil(() -> !browser.findElements(By.cssSelector(".u-legend .u-label")).isEmpty()
        && !text("forecast-text").isEmpty());
    ((JavascriptExecutor) browser).executeScript("stopPolling()");
    browser.findElement(By.id("lang")).click();
    waitUntil(() -> text("forecast-text").matches(THAI_LETTERS)
        && browser.findElements(By.cssSelector(".u-legend .u-label")).stream()
            .map(WebElement::getText).anyMatch("ใช้จริง"::equals));
    assertThat(text("clinic-table")).as("the alert levels in the table are Thai")
        .contains("เตือน");
    assertThat(text("cache-stats")).contains("อัตราการใช้แคช");
    screenshot("9-admin-thai");
    browser.findElement(By.id("lang")).click();
    waitUntil(() -> !text("forecast-text").matches(THAI_LETTERS));
    browser.findElement(By.id("sign-out")).click();
  }

  private void signInAs(String userId) {
    browser.get("http://localhost:" + port + "/");
    // a test that stopped before signing out leaves no one signed in for the next
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.get("http://localhost:" + port + "/");
    waitUntil(() -> !browser.findElements(By.cssSelector("button[data-user='" + userId + "']"))
        .isEmpty());
    browser.findElement(By.cssSelector("button[data-user='" + userId + "']")).click();
    if (userId.equals("admin")) {
      // the sign-in list keeps the admin's token to the admin: it is typed, as from the log
      waitUntil(() -> displayed("sign-in-error"));
      assertThat(text("sign-in-error")).contains("token");
      browser.findElement(By.id("token-input")).sendKeys(DemoTokens.ADMIN);
      browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
      waitUntil(() -> displayed("admin-view"));
    } else {
      waitUntil(() -> !remaining().isEmpty());
    }
  }

  private String remaining() {
    String value = browser.findElement(By.id("quota-bar")).getDomAttribute("data-total-remaining");
    return value == null ? "" : value;
  }

  private boolean displayed(String id) {
    return browser.findElement(By.id(id)).isDisplayed();
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private int widthOf(String id) {
    return browser.findElement(By.id(id)).getSize().getWidth();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> condition.getAsBoolean());
  }

  private static void screenshot(String name) throws IOException {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
