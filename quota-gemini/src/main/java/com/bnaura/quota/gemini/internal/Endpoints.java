package com.bnaura.quota.gemini.internal;

import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** The Gemini REST endpoints: base URL checks, model ids and the {@code generateContent} URL. */
public final class Endpoints {

  /** The public Gemini API. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private Endpoints() {}

  /**
   * Parses and checks a base URL such as {@code https://generativelanguage.googleapis.com/v1beta}.
   *
   * @throws IllegalArgumentException if it is not an http(s) URL, or carries a query, a fragment
   *     or credentials (the API key belongs in the {@code x-goog-api-key} header only)
   */
  public static HttpUrl baseUrl(String text) {
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      throw new IllegalArgumentException("baseUrl must be an http or https URL, was '"
          + Redaction.abbreviate(text, 80) + "'");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment: the API key "
          + "goes in the x-goog-api-key header, never in the URL");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException("baseUrl must not carry credentials");
    }
    return url;
  }

  /**
   * Checks a model id such as {@code gemini-3.8-flash}; a leading {@code models/} is dropped.
   *
   * @throws IllegalArgumentException if it is not a plain model id
   */
  public static String model(String model) {
    if (model == null) {
      throw new NullPointerException("model");
    }
    String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
    if (!MODEL.matcher(id).matches()) {
      throw new IllegalArgumentException("model must be a Gemini model id such as "
          + "gemini-3.8-flash, was '" + Redaction.abbreviate(model, 80) + "'");
    }
    return id;
  }

  /** The {@code models/<model>:generateContent} URL under {@code base}. */
  public static HttpUrl generateContent(HttpUrl base, String model) {
    return base.newBuilder()
        .addPathSegment("models")
        .addPathSegment(model(model) + ":generateContent")
        .build();
  }
}
