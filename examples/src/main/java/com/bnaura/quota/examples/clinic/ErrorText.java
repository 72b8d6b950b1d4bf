package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.model.LocalizedText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The sentence of an error of the app's own (not a refusal of the quota engine, which renders its
 * own): a key of the message bundle {@code i18n/errors} ({@code errors.properties} in English,
 * {@code errors_th.properties} in Thai) and its arguments, rendered in the request's language by
 * a Spring {@link ResourceBundleMessageSource}. Field names, codes and inputs quoted back are
 * arguments and stay as they are in every language. An argument that is itself an {@code
 * ErrorText} or a quota engine {@link LocalizedText} is rendered in the same language.
 *
 * <p>The patterns are {@link java.text.MessageFormat}s: a quote is written {@code ''}. Arguments
 * are put in as text, so a number is never regrouped ({@code 65536}, not {@code 65,536}).
 */
record ErrorText(String key, List<Object> args) {

  /** The bundle's base name on the class path. */
  static final String BUNDLE = "i18n/errors";

  /** The prefix of a problem title's key: {@code title.UNKNOWN_CLINIC}. */
  static final String TITLE_PREFIX = "title.";

  private static final ResourceBundleMessageSource MESSAGES = messages();

  /** Validates and copies; a {@code null} argument reads {@code null}, as in a concatenation. */
  ErrorText {
    Objects.requireNonNull(key, "key");
    args = args.stream().map(arg -> arg == null ? "null" : arg).toList();
  }

  /** The sentence of {@code key} with {@code args}. */
  static ErrorText of(String key, Object... args) {
    return new ErrorText(key, List.of(args));
  }

  /** The sentence in {@code locale}: Thai for Thai, English for any other. */
  String render(Locale locale) {
    Locale language = Languages.of(locale);
    Object[] values = args.stream().map(arg -> text(arg, language)).toArray();
    return MESSAGES.getMessage(key, values, language);
  }

  /** The sentence in English, as the logs and exception messages read it. */
  String english() {
    return render(Languages.ENGLISH);
  }

  /**
   * The title of a problem of {@code code} in {@code locale}, or {@code english} where the
   * bundle has none for that language.
   */
  static String title(String code, Locale locale, String english) {
    Locale language = Languages.of(locale);
    if (language.equals(Languages.ENGLISH)) {
      return english;
    }
    try {
      return MESSAGES.getMessage(TITLE_PREFIX + code, null, language);
    } catch (NoSuchMessageException e) {
      return english;
    }
  }

  private static String text(Object arg, Locale language) {
    if (arg instanceof ErrorText nested) {
      return nested.render(language);
    }
    if (arg instanceof LocalizedText core) {
      return core.render(language);
    }
    return String.valueOf(arg);
  }

  private static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource source = new ResourceBundleMessageSource();
    source.setBasename(BUNDLE);
    source.setDefaultEncoding(StandardCharsets.UTF_8.name());
    // English is errors.properties itself, whatever the server's own locale
    source.setFallbackToSystemLocale(false);
    source.setAlwaysUseMessageFormat(true);
    return source;
  }
}
