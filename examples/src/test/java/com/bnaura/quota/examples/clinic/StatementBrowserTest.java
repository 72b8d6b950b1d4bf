package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The owner's statement in a real browser (headless Chromium, {@link HeadlessChromium}): the
 * period selector lists the clinic's periods newest first, a past period's usage by staff member
 * shows the staff's names, and its CSV (with the UTF-8 byte order mark) and JSON download under
 * the period's name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:statement-browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class StatementBrowserTest extends AbstractBrowserTest {

  @Autowired
  MutableClock clock;

  private List<String> staffRows() {
    return chromium.driver().findElements(By.cssSelector("#statement-staff tbody tr")).stream()
        .map(WebElement::getText).toList();
  }

  @Test
  void owner_picksAPastPeriod_seesItsStaffByName_andDownloadsItAsCsvAndJson() {
    quotas.consumeOrThrow(UsageRequest.builder("siam-skin", "QUICK_SCAN", "november-1")
        .user("sales-siam").build());
    quotas.consumeOrThrow(UsageRequest.builder("siam-skin", "CLINICAL_ANALYSIS", "november-2")
        .user("sales-siam").build());
    clock.advance(Duration.ofDays(30));
    quotas.consumeOrThrow(UsageRequest.builder("siam-skin", "QUICK_SCAN", "december-1")
        .user("sales-siam").build());

    chromium.signInAs(port, "owner-siam");
    chromium.waitUntil(() -> new Select(chromium.driver().findElement(By.id("statement-period")))
        .getOptions().size() == 2);
    Select periods = new Select(chromium.driver().findElement(By.id("statement-period")));
    assertThat(periods.getOptions()).extracting(WebElement::getText)
        .containsExactly("December 2026 (current)", "November 2026");
    chromium.waitUntil(() -> staffRows().equals(List.of("Nok 1 0.2 ฿0 0")));

    periods.selectByValue("2026-11");
    chromium.waitUntil(() -> staffRows().equals(List.of("Nok 2 1.2 ฿0 0")));
    assertThat(chromium.text("statement-totals"))
        .isEqualTo("Charged ฿8,990 · credited ฿0 · to pay ฿8,990");

    JavascriptExecutor page = (JavascriptExecutor) chromium.driver();
    // the page hands the file to the browser through an object URL and a link's click
    page.executeScript("window.saved = [];"
        + "const create = URL.createObjectURL.bind(URL);"
        + "URL.createObjectURL = blob => { blob.arrayBuffer().then(b => window.saved.push("
        + "{ bytes: Array.from(new Uint8Array(b).slice(0, 3)),"
        + " text: new TextDecoder().decode(b) })); return create(blob); };"
        + "HTMLAnchorElement.prototype.click = function () { window.savedName = this.download; };");
    chromium.click("download-statement");
    chromium.waitUntil(() -> ((Number) page.executeScript("return window.saved.length"))
        .intValue() == 1);

    assertThat(page.executeScript("return window.savedName"))
        .isEqualTo("statement-siam-skin-2026-11.csv");
    assertThat(page.executeScript("return window.saved[0].bytes"))
        .isEqualTo(List.of(239L, 187L, 191L));
    // (the driver hands strings back with LF line ends; the HTTP tests check the CRLF)
    assertThat(((String) page.executeScript("return window.saved[0].text")).replace("\r\n", "\n"))
        .startsWith("time,money_line,description,units,amount,reference\n")
        .contains(",PLAN_FEE,")
        .contains("\nstaff,Nok,2,1.2,0,0,0\n")
        .contains(",november-1,", ",november-2,").doesNotContain("december-1");

    chromium.click("download-statement-json");
    chromium.waitUntil(() -> ((Number) page.executeScript("return window.saved.length"))
        .intValue() == 2);

    assertThat(page.executeScript("return window.savedName"))
        .isEqualTo("statement-siam-skin-2026-11.json");
    assertThat(page.executeScript("const s = JSON.parse(window.saved[1].text);"
        + " return [s.current, s.summary.byUser['sales-siam'].count, s.staffNames['sales-siam']]"))
        .isEqualTo(List.of(false, 2L, "Nok"));
    assertThat(chromium.text("statement-error")).isEmpty();

    chromium.click("lang");
    chromium.waitUntil(() -> periods.getOptions().get(1).getText().matches(THAI_LETTERS));
    assertThat(periods.getOptions().get(1).getText()).isEqualTo("พฤศจิกายน 2569");
    assertThat(periods.getFirstSelectedOption().getText()).isEqualTo("พฤศจิกายน 2569");
    assertThat(chromium.text("statement-totals")).startsWith("ยอดเรียกเก็บ ฿8,990");
    assertThat(chromium.driver().findElement(By.cssSelector("#statement-staff th")).getText())
        .isEqualTo("พนักงาน");
    chromium.click("lang");
    chromium.click("sign-out");
    assertThat(staffRows()).isEmpty();
    assertThat(periods.getOptions()).isEmpty();
  }
}
