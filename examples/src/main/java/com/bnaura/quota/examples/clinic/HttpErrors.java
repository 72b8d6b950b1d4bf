package com.bnaura.quota.examples.clinic;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON errors the app answers outside its controllers (the credential and body filters, the
 * {@code /error} page, the servlet container's own refusals), with the same body as every other
 * error: {@link ApiError}. Also the one rule for quoting an input back in a message: at most the
 * first {@value #ECHO_LENGTH} characters.
 */
final class HttpErrors {

  /** The most characters of an input an error message repeats. */
  static final int ECHO_LENGTH = 64;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HttpErrors() {}

  /** The stable code of an error status the container or the framework answers. */
  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 408 -> "REQUEST_TIMEOUT";
      case 411 -> "LENGTH_REQUIRED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 417 -> "EXPECTATION_FAILED";
      case 431 -> "HEADERS_TOO_LARGE";
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
    };
  }

  /** What a person reads for an error status the container or the framework answers. */
  static String messageOf(int status) {
    return switch (status) {
      case 400 -> "the request is malformed (its line, headers or encoding)";
      case 404 -> "no endpoint at this path";
      case 405 -> "the method is not supported here";
      case 406 -> "answers are application/json; accept it";
      case 408 -> "the request took too long to arrive";
      case 411 -> "the request needs a Content-Length";
      case 413 -> "the request body is too large";
      case 414 -> "the request line is too long";
      case 415 -> "send the body as application/json";
      case 431 -> "the request headers are too large";
      case 503 -> "the server is not taking requests now; retry later";
      default -> status >= 500 ? "the request failed unexpectedly; see the server log"
          : "the request was refused";
    };
  }

  /**
   * The status the container's own refusal is answered with: a request the container cannot
   * serve (an unknown method, a protocol version it does not speak) is the client's, a 4xx.
   */
  static int clientStatus(int status, boolean failed) {
    if (status == 501) {
      return 405;
    }
    if (status >= 500 && !failed && status != 503) {
      return 400;
    }
    return status;
  }

  /** The input, quoted, cut to its first {@value #ECHO_LENGTH} characters. */
  static String echo(Object input) {
    String text = String.valueOf(input);
    return "'" + (text.length() <= ECHO_LENGTH ? text
        : text.substring(0, ECHO_LENGTH) + "…") + "'";
  }

  /**
   * Cuts every single-quoted part of a message longer than {@value #ECHO_LENGTH} characters to
   * its first {@value #ECHO_LENGTH}: the quota engine quotes the ids it refuses, and an id may be
   * as long as the engine accepts.
   */
  static String shortenQuotes(String message) {
    if (message == null || message.length() <= ECHO_LENGTH) {
      return message;
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), 512));
    int i = 0;
    while (i < message.length()) {
      int open = message.indexOf('\'', i);
      int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
      if (close < 0) {
        out.append(message, i, message.length());
        break;
      }
      out.append(message, i, open + 1);
      if (close - open - 1 > ECHO_LENGTH) {
        out.append(message, open + 1, open + 1 + ECHO_LENGTH).append('…');
      } else {
        out.append(message, open + 1, close);
      }
      out.append('\'');
      i = close + 1;
    }
    return out.toString();
  }

  /** Writes the error as the response, replacing anything not yet committed. */
  static void write(HttpServletResponse response, int status, ApiError error) throws IOException {
    byte[] body = JSON.writeValueAsBytes(error);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  /** The error as JSON bytes. */
  static byte[] bytes(ApiError error) {
    return JSON.writeValueAsBytes(error);
  }
}
