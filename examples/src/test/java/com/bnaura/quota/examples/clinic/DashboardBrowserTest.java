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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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
class DashboardBrowserTest extends AbstractAppTest {

  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void startBrowser() throws IOException {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!installed && System.getenv("CI") == null) {
      Assumptions.abort("skipped: the browser test needs Debian's chromium and chromium-driver"
          + " (apt-get install chromium chromium-driver); .ci/run installs them");
    }
    assertThat(installed).as("/usr/bin/chromium and /usr/bin/chromedriver are installed").isTrue();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
    }
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
    screenshot("1-quota-exhausted");

    browser.findElement(By.id("buy-more")).click();
    waitUntil(() -> !remaining().equals("0"));
    assertThat(remaining()).isEqualTo("100");
    assertThat(displayed("refusal")).isFalse();
    assertThat(widthOf("seg-addon")).isGreaterThan(0);
    screenshot("2-bar-refilled");

    browser.findElement(By.id("quick-scan")).click();
    waitUntil(() -> remaining().equals("99.8"));
    assertThat(text("result")).contains("offline-demo-flash");

    browser.findElement(By.id("lang")).click();
    assertThat(browser.findElement(By.id("buy-more")).getAttribute("textContent"))
        .isEqualTo("ซื้อสแกนเพิ่ม");
    assertThat(browser.findElement(By.id("quick-scan")).getText()).isEqualTo("สแกนด่วน (0.2 หน่วย)");
    screenshot("3-thai");
    browser.findElement(By.id("lang")).click();
    browser.findElement(By.id("sign-out")).click();

    // the owner of the clinic sees the alerts its run-out fired
    signInAs("owner-phuket");
    waitUntil(() -> !browser.findElements(By.cssSelector("#alerts li")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#alerts li")))
        .extracting(WebElement::getText).anyMatch(text -> text.contains("Exhausted"));
    assertThat(text("usage")).contains("sales-phuket: 11 scans");
    screenshot("4-owner");
    browser.findElement(By.id("sign-out")).click();
  }

  @Test
  void adminSeesEveryClinicAndTheForecastChart() throws IOException {
    quotas.consumeOrThrow(UsageRequest.builder("chiangmai-glow", "CLINICAL_ANALYSIS",
        "browser-admin-1").quantity(10).build());
    signInAs("admin");
    waitUntil(() -> browser.findElements(By.cssSelector("#clinic-table tbody tr")).size() == 3);
    List<WebElement> rows = browser.findElements(By.cssSelector("#clinic-table tbody tr"));
    assertThat(rows).extracting(row -> row.getDomAttribute("data-clinic"))
        .containsExactlyInAnyOrder("siam-skin", "chiangmai-glow", "phuket-trial");
    waitUntil(() -> !browser.findElements(By.cssSelector("#forecast-chart polyline")).isEmpty());
    assertThat(text("forecast-text")).isNotBlank();
    assertThat(text("cache-stats")).contains("Hit rate");
    assertThat(browser.findElement(By.cssSelector("tr.selected")).getDomAttribute("data-clinic"))
        .as("the clinic closest to running out is charted first").isEqualTo("chiangmai-glow");
    screenshot("5-admin");
    browser.findElement(By.id("sign-out")).click();
  }

  private void signInAs(String userId) {
    browser.get("http://localhost:" + port + "/");
    waitUntil(() -> !browser.findElements(By.cssSelector("button[data-user='" + userId + "']"))
        .isEmpty());
    browser.findElement(By.cssSelector("button[data-user='" + userId + "']")).click();
    if (!userId.equals("admin")) {
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
