package com.bnaura.quota.examples.clinic;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test of the clinic app in headless Chromium ({@link HeadlessChromium}, which skips the class,
 * saying so, where Debian's {@code chromium} and {@code chromium-driver} are not installed): one
 * browser for the test class, closed after it.
 */
abstract class AbstractBrowserTest extends AbstractAppTest {

  /** The class's browser. */
  static HeadlessChromium chromium;

  @BeforeAll
  static void startBrowser() throws IOException {
    chromium = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }
}
