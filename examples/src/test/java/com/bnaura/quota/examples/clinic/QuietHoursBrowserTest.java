package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The owner's quiet hours in a real browser (headless Chromium, {@link HeadlessChromium}): set
 * from the panel after a confirmation, shown as saved, refused with the field's reason when
 * malformed, labelled in English and Thai, and removed again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:quiet-hours-browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class QuietHoursBrowserTest extends AbstractBrowserTest {

  private static WebElement input() {
    return chromium.driver().findElement(By.id("quiet-hours-input"));
  }

  private static void save(String hours) {
    input().clear();
    input().sendKeys(hours);
    chromium.click("quiet-hours-save");
    chromium.waitUntil(() -> chromium.displayed("confirm-ok"));
    chromium.click("confirm-ok");
    chromium.waitUntil(() -> !chromium.displayed("confirm-ok"));
  }

  @Test
  void theOwnerSetsQuietHours_afterConfirming_andSeesThemSaved_inEnglishAndThai() {
    chromium.signInAs(port, "owner-siam");
    chromium.waitUntil(() -> chromium.text("quiet-hours-state").startsWith("No quiet hours"));

    save("20:00-08:00");
    chromium.waitUntil(() -> chromium.text("quiet-hours-state").startsWith("Quiet hours 20:00"));

    assertThat(chromium.text("quiet-hours-state")).isEqualTo("Quiet hours 20:00-08:00"
        + " (Asia/Bangkok): warnings and recoveries raised then wait until the clinic opens;"
        + " critical alerts go out at once.");
    assertThat(quotas.quietHours("siam-skin").map(Object::toString)).hasValue("20:00-08:00");
    assertThat(input().getDomProperty("value")).isEqualTo("20:00-08:00");

    save("25:00-08:00");
    chromium.waitUntil(() -> !chromium.text("quiet-hours-error").isEmpty());
    assertThat(chromium.text("quiet-hours-error")).startsWith("INVALID_ARGUMENT")
        .contains("quietHours");
    assertThat(chromium.text("quiet-hours-state")).as("the stored hours stay")
        .contains("20:00-08:00");
    assertThat(quotas.quietHours("siam-skin").map(Object::toString)).hasValue("20:00-08:00");

    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("quiet-hours-state").matches(THAI_LETTERS));
    assertThat(chromium.text("quiet-hours-state")).startsWith("ช่วงเวลาปิดทำการ 20:00-08:00");
    assertThat(chromium.driver().findElement(By.cssSelector("label[for=quiet-hours-input]"))
        .getText()).matches(THAI_LETTERS);
    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("quiet-hours-state").startsWith("Quiet hours"));

    save("");
    chromium.waitUntil(() -> chromium.text("quiet-hours-state").startsWith("No quiet hours"));
    assertThat(quotas.quietHours("siam-skin")).isEmpty();
    chromium.click("sign-out");
  }
}
