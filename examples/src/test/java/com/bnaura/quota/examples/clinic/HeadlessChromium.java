package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages for a
 * browser test of the dashboard, with the steps such a test repeats: sign in as a demo user, read
 * an element's text, wait. {@link #start()} skips the test, saying so, where the packages are
 * missing, except in CI ({@code CI} set), where a missing browser fails it.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Any letter of the Thai script; not the baht sign (U+0E3F), which every language shows. */
  static final String THAI_LETTERS = "(?s).*[\\u0E01-\\u0E3A\\u0E40-\\u0E5B].*";

  private final WebDriver browser;
  private final Path profile;

  private HeadlessChromium(WebDriver browser, Path profile) {
    this.browser = browser;
    this.profile = profile;
  }

  static HeadlessChromium start() throws IOException {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!installed && System.getenv("CI") == null) {
      Assumptions.abort("skipped: the browser test needs Debian's chromium and chromium-driver"
          + " (apt-get install chromium chromium-driver); .ci/run installs them");
    }
    assertThat(installed).as("/usr/bin/chromium and /usr/bin/chromedriver are installed").isTrue();
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new HeadlessChromium(new ChromeDriver(service, options), profile);
  }

  WebDriver driver() {
    return browser;
  }

  /** Signs in as a demo user other than the admin, and waits for the quota bar. */
  void signInAs(int port, String userId) {
    browser.get("http://localhost:" + port + "/");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.get("http://localhost:" + port + "/");
    waitUntil(() -> !browser.findElements(By.cssSelector("button[data-user='" + userId + "']"))
        .isEmpty());
    browser.findElement(By.cssSelector("button[data-user='" + userId + "']")).click();
    waitUntil(() -> browser.findElement(By.id("quota-bar"))
        .getDomAttribute("data-total-remaining") != null);
  }

  String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  boolean displayed(String id) {
    return browser.findElement(By.id(id)).isDisplayed();
  }

  void click(String id) {
    browser.findElement(By.id(id)).click();
  }

  void waitUntil(BooleanSupplier condition) {
    // a panel re-rendered while the condition reads it leaves stale elements: read it again
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(driver -> condition.getAsBoolean());
  }

  @Override
  public void close() throws IOException {
    browser.quit();
    try (var files = Files.walk(profile)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    }
  }
}
