package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Units;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The owner's auto top-up in a real browser: turned on from the panel, it buys the pack when a
 * scan crosses the threshold, and the panel shows the units held by a scan in progress apart from
 * the balances; turned off again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:auto-top-up-browser;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
class AutoTopUpBrowserTest extends AbstractBrowserTest {

  private static void type(WebElement input, String value) {
    input.clear();
    input.sendKeys(value);
  }

  @Test
  void ownerTurnsItOn_aCrossingScanBuysThePack_andThePanelShowsPendingUnits() {
    chromium.signInAs(port, "owner-chiangmai");
    chromium.waitUntil(() -> chromium.text("auto-top-up-state").startsWith("Auto top-up is not"));
    type(chromium.driver().findElement(By.id("atu-threshold")), "20");
    type(chromium.driver().findElement(By.id("atu-ceiling")), "9600");

    chromium.click("atu-save");
    chromium.waitUntil(() -> chromium.text("auto-top-up-state").startsWith("On:"));
    assertThat(chromium.text("auto-top-up-state"))
        .isEqualTo("On: buys pack-100 when 20 units left; ฿0 of ฿9,600 spent this month.");

    quotas.consumeOrThrow(UsageRequest.builder("chiangmai-glow", "CLINICAL_ANALYSIS",
        "atu-browser-cross").user("sales-chiangmai").quantity(80).build());
    quotas.reserveOrThrow(UsageRequest.builder("chiangmai-glow", "CLINICAL_ANALYSIS",
        "atu-browser-hold").user("sales-chiangmai").quantity(5).build());
    chromium.waitUntil(() -> chromium.text("auto-top-up-state").contains("฿4,800 of ฿9,600"));
    chromium.waitUntil(() -> chromium.text("pending-units").contains("in progress 5 monthly"));

    assertThat(quotas.status("chiangmai-glow").addonBalance()).isEqualTo(Units.of(100));
    assertThat(chromium.text("pending-units")).isEqualTo("Pending, not in the balances: held by"
        + " scans in progress 5 monthly / 0 packs / 0 overage; awaiting payment 0 units.");

    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("pending-units").matches(THAI_LETTERS));
    assertThat(chromium.text("auto-top-up-state")).startsWith("เปิดอยู่");
    chromium.click("lang");
    chromium.waitUntil(() -> chromium.text("auto-top-up-state").startsWith("On:"));

    chromium.click("atu-off");
    chromium.waitUntil(() -> chromium.text("auto-top-up-state").startsWith("Off"));
    assertThat(chromium.text("auto-top-up-state")).isEqualTo("Off (DISABLED).");
    chromium.click("sign-out");
  }
}
