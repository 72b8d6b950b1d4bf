package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.UsageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The owner's branch table in a real browser (headless Chromium, {@link HeadlessChromium}): each
 * demo branch with its budget, use and what is left, each staff member under it by name, in
 * English and Thai.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:branches-browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class BranchesBrowserTest extends AbstractBrowserTest {

  private static List<WebElement> rows() {
    return chromium.driver().findElements(By.cssSelector("#branches tbody tr"));
  }

  @Test
  void theOwnerSeesEachBranchWithItsBudgetAndStaff_inEnglishAndThai() {
    quotas.consumeOrThrow(UsageRequest.builder("siam-skin", "CLINICAL_ANALYSIS", "branch-scan")
        .user("sales-siam").quantity(3).build());
    quotas.defineBranch("siam-skin", "silom", "Silom", "120", "browser-silom");

    chromium.signInAs(port, "owner-siam");
    chromium.waitUntil(() -> rows().size() == 4);

    assertThat(rows().get(0).getText()).startsWith("Silom 120 0 120");
    assertThat(rows().get(1).getText()).startsWith("Sukhumvit no budget 3");
    assertThat(rows().get(2).getText()).startsWith("· Dr. Ploy no budget 0");
    assertThat(rows().get(3).getText()).startsWith("· Nok no budget 3");
    chromium.click("lang");
    chromium.waitUntil(() -> rows().get(1).getText().matches(THAI_LETTERS));
    assertThat(rows().get(1).getText()).contains("ไม่มีงบ");
    chromium.click("lang");
    chromium.click("sign-out");
  }
}
