package com.bnaura.quota.examples.clinic;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local mock of the Gemini API for one test class, registered as a static
 * {@code @RegisterExtension} field: the class's {@code @DynamicPropertySource} calls
 * {@link #serve}, which starts it and points the app's Gemini client at it with one attempt a
 * call; it closes after the class.
 */
final class MockGemini implements AfterAllCallback {

  /** A flash model's analysis: overall score 83 and one recommendation, 1052 tokens. */
  static final String ANSWER = """
      {"candidates": [{"content": {"role": "model", "parts": [{"text":
        "{\\"overallScore\\": 83, \\"summary\\": \\"Good skin.\\", \\"skinMetrics\\": {\\"texture\\": 70, \\"wrinkles\\": 62, \\"pores\\": 55, \\"volume\\": 48, \\"symmetry\\": 80}, \\"recommendations\\": [{\\"treatment\\": \\"Daily SPF 50\\", \\"reason\\": \\"Sun\\", \\"priority\\": \\"medium\\"}]}"
      }]}, "finishReason": "STOP"}],
       "usageMetadata": {"promptTokenCount": 812, "candidatesTokenCount": 240, "totalTokenCount": 1052},
       "modelVersion": "gemini-3.8-flash"}""";

  private final MockWebServer server = new MockWebServer();

  /** Starts the mock and sets the app's Gemini key, base URL and one attempt a call. */
  void serve(DynamicPropertyRegistry registry) throws IOException {
    server.start();
    registry.add("bnaura.quota.gemini.api-key", () -> "test-key");
    registry.add("bnaura.quota.gemini.base-url", () -> server.url("/").toString());
    registry.add("bnaura.quota.gemini.max-attempts", () -> "1");
  }

  /** Queues {@link #ANSWER} as the next call's 200. */
  void enqueueAnswer() {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(ANSWER).build());
  }

  /** Queues Gemini's JSON error of the HTTP code and status name, e.g. 500 INTERNAL. */
  void enqueueError(int code, String status) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type",
        "application/json").body("{\"error\":{\"code\":" + code + ",\"status\":\"" + status
            + "\"}}").build());
  }

  /** How many calls the app made. */
  int requestCount() {
    return server.getRequestCount();
  }

  /** The body of the app's latest call, as text; every call before it is taken too. */
  String latestBody() throws InterruptedException {
    RecordedRequest latest = null;
    for (RecordedRequest next = server.takeRequest(0, TimeUnit.SECONDS); next != null;
        next = server.takeRequest(0, TimeUnit.SECONDS)) {
      latest = next;
    }
    return latest == null || latest.getBody() == null ? "" : latest.getBody().utf8();
  }

  /** The app's oldest call not yet taken. */
  RecordedRequest takeRequest() throws InterruptedException {
    return server.takeRequest();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }
}
