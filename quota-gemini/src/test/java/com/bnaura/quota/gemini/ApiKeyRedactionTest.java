package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.API_KEY;
import static com.bnaura.quota.gemini.Fixtures.answer;
import static com.bnaura.quota.gemini.Fixtures.error;
import static com.bnaura.quota.gemini.Fixtures.ok;
import static com.bnaura.quota.gemini.Fixtures.okAnalysis;
import static com.bnaura.quota.gemini.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.Fixtures.RecordingSleeper;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API key appears in no log line, message or {@code toString}, whatever path a call takes. */
final class ApiKeyRedactionTest {
  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = Fixtures.clock();
  private final QuotaService quotas = Fixtures.quotas(QuotaStore.inMemory(), clock);
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void start() throws Exception {
    server.start();
    Fixtures.register(quotas, "c1", "professional");
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setErr(originalErr);
    server.close();
  }

  @Test
  void apiKey_appearsInNoLogLine_message_orToString() throws Exception {
    GeminiClient client = Fixtures.client(server, new RecordingSleeper()).build();
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(client, quotas, clock).build();
    List<String> texts = new ArrayList<>();

    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build());
    server.enqueue(okAnalysis(Fixtures.QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();
    server.enqueue(error(400, "INVALID_ARGUMENT",
        "API key not valid: " + API_KEY + ". Please pass a valid API key."));
    texts.add(failureMessage(() -> analyzer.analyze(scan("c1", "r2")
        .metrics(Fixtures.metrics(0.2)).build())));
    server.enqueue(ok(answer("{\"overallScore\": \"" + API_KEY + "\"}", Fixtures.QUICK_MODEL)));
    texts.add(failureMessage(() -> analyzer.analyze(scan("c1", "r3")
        .metrics(Fixtures.metrics(0.3)).build())));
    texts.add(failureMessage(() -> GeminiClient.builder().apiKey(API_KEY).apiKey(API_KEY)));
    texts.add(client.toString());
    texts.add(analyzer.toString());
    texts.add(scan("c1", "r4").build().toString());
    System.err.flush();
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("GeminiClient", "retry 1 of 3", "QuotaEnforcedAnalyzer");
    assertThat(log).doesNotContain(API_KEY).doesNotContain("Somchai");
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(API_KEY));
    assertThat(texts.get(0)).contains("<redacted>");
    assertThat(texts.get(4)).contains("apiKey=<redacted>");
    assertThat(server.takeRequest().getUrl().toString()).doesNotContain(API_KEY);
  }

  private interface Failing {
    void run() throws Exception;
  }

  private static String failureMessage(Failing call) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> {
      try {
        call.run();
      } catch (Exception e) {
        thrown[0] = e;
        throw e;
      }
    }).isNotNull();
    StringBuilder all = new StringBuilder();
    for (Throwable t = thrown[0]; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }
}
