package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** The body limit follows {@code clinic-http.max-body-size} and costs no more than the limit. */
final class BodyLimitFilterTest {

  private final BodyLimitFilter filter = new BodyLimitFilter(new HttpLimits(DataSize.ofBytes(100)));

  @Test
  void aDeclaredLengthOverTheConfiguredLimit_is413WithoutReadingTheBody() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/ai/analyze");
    request.setContent(new byte[101]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<ServletRequest> reached = new AtomicReference<>();

    filter.doFilter(request, response, (req, res) -> reached.set(req));

    assertThat(reached.get()).isNull();
    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).startsWith("application/json");
    assertThat(response.getContentAsString()).contains("PAYLOAD_TOO_LARGE", "100 bytes");
  }

  @Test
  void aBodyOfUnknownLength_stopsBeingReadOnceItPassesTheLimit() throws Exception {
    MockHttpServletRequest unknownLength = new MockHttpServletRequest("POST", "/") {
      @Override
      public long getContentLengthLong() {
        return -1;
      }

      @Override
      public int getContentLength() {
        return -1;
      }
    };
    unknownLength.setContent(new byte[10_000]);
    AtomicReference<Long> read = new AtomicReference<>(0L);
    FilterChain reader = (req, res) -> {
      InputStream in = req.getInputStream();
      byte[] buffer = new byte[30];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read.set(read.get() + n);
      }
    };

    assertThatThrownBy(() -> filter.doFilter(unknownLength, new MockHttpServletResponse(), reader))
        .isInstanceOf(BodyLimitFilter.BodyTooLargeException.class);
    assertThat(read.get()).isLessThanOrEqualTo(100);
  }

  @Test
  void aBodyWithinTheLimit_isReadWhole() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/ai/analyze");
    request.setContent(new byte[100]);
    AtomicReference<Integer> read = new AtomicReference<>();

    filter.doFilter(request, new MockHttpServletResponse(),
        (req, res) -> read.set(req.getInputStream().readAllBytes().length));

    assertThat(read.get()).isEqualTo(100);
  }

  @Test
  void theDefaultLimit_is64KiBAndANonPositiveOneNamesTheProperty() {
    assertThat(new HttpLimits(null).maxBodyBytes()).isEqualTo(64 * 1024);
    assertThatThrownBy(() -> new HttpLimits(DataSize.ofBytes(0)))
        .hasMessageContaining("clinic-http.max-body-size");
  }

  @Test
  void anEchoedInput_isCutToItsFirst64Characters() {
    String id = "x".repeat(300);

    String message = HttpErrors.shortenQuotes("idempotency key '" + id + "' was used at"
        + " 2026-11-10T03:00:00Z for a different request");

    assertThat(message).contains("'" + "x".repeat(64) + "…'")
        .doesNotContain("x".repeat(65)).endsWith("for a different request");
    assertThat(HttpErrors.echo(id)).isEqualTo("'" + "x".repeat(64) + "…'");
    assertThat(HttpErrors.shortenQuotes("no plan 'gold' in the catalog"))
        .isEqualTo("no plan 'gold' in the catalog");
  }
}
