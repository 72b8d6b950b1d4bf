package com.bnaura.quota.examples.clinic;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@link HttpLimits#maxBodySize()} with a 413 {@code
 * PAYLOAD_TOO_LARGE}: at once when its {@code Content-Length} says so, and otherwise (a chunked
 * body) as soon as the reader passes the limit, so no body costs more than the limit to refuse.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

  private final long limit;

  BodyLimitFilter(HttpLimits limits) {
    this.limit = limits.maxBodyBytes();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      response.setHeader("Connection", "close");
      HttpErrors.write(request, response, 413, HttpErrors.error(request, "PAYLOAD_TOO_LARGE",
          ErrorText.of("error.body.too_large_limit", limit), "body"));
      return;
    }
    chain.doFilter(new Limited(request, limit), response);
  }

  /** The body passed the limit while it was read. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    BodyTooLargeException(long limit) {
      super("the request body is larger than the " + limit + " bytes allowed");
      this.limit = limit;
    }

    long limit() {
      return limit;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;
    private BufferedReader reader;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
        reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
      }
      return reader;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long count;

    CountingStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    private int counted(int n) throws BodyTooLargeException {
      if (n > 0) {
        count += n;
        if (count > limit) {
          throw new BodyTooLargeException(limit);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return counted(in.read(b, off, len));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
