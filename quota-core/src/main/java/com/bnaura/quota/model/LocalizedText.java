package com.bnaura.quota.model;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * A sentence for people as a stable message code and its arguments, rendered in a locale from the
 * {@value #BUNDLE} resource bundle: refusals, recommendations, alerts and forecasts carry one.
 *
 * <p>The code (for example {@code refused.quota_exceeded.blocked}) never changes meaning, so a host
 * may also translate it with its own messages and {@link #formattedArgs(Locale)}. The arguments are
 * typed values: {@link String} (shown as it is), {@link Units}, {@link Money}, {@link LocalDate},
 * {@link Instant}, {@link Long} (an {@link Integer} is kept as a {@code Long}), {@link BigDecimal}
 * and a nested {@code LocalizedText} (a word such as "none" that is translated too). Each is
 * formatted for the locale first and handed to {@link MessageFormat} as text, so the pattern never
 * regroups a number: money reads {@code ฿4,800.00} (see {@link Money#toDisplayString(Locale)}),
 * units {@code 2.000} (see {@link Units#toDisplayString(Locale)}), dates in the locale's medium
 * style; instants (ISO-8601), whole numbers (no grouping) and text read the same in every locale.
 *
 * <p>Quota-core ships {@code com/bnaura/quota/messages.properties} (English, the base bundle) and
 * {@code messages_th.properties} (Thai), UTF-8. A host adds a language by putting {@code
 * com/bnaura/quota/messages_<lang>.properties} on its class path; a key it leaves out falls back
 * to English. A locale without a bundle of its own renders in English, whatever the JVM's default
 * locale is. When quota-core runs as a named module, its bundles are its own and a class-path
 * bundle is not looked up: render with {@link #render(Locale, ResourceBundle)} and the host's
 * bundle instead.
 *
 * <pre>{@code
 * if (quotas.tryReserve(request) instanceof Refused r) {
 *   String shown = r.text().render(Locale.forLanguageTag("th-TH"));
 * }
 * }</pre>
 *
 * @param code the stable message code, a key of the bundle
 * @param args the arguments, in the order the patterns number them
 */
public record LocalizedText(String code, List<Object> args) {

  /** The base name of the bundle the texts render from. */
  public static final String BUNDLE = "com.bnaura.quota.messages";

  /** The locale of the Thai bundle. */
  public static final Locale THAI = Locale.forLanguageTag("th-TH");

  /** The code of {@link #literal}: text the caller wrote, the same in every locale. */
  public static final String LITERAL = "text.literal";

  /** The code of {@link #stored}: an English and a Thai text kept as they were written. */
  public static final String STORED = "text.stored";

  /** Validates and copies. */
  public LocalizedText {
    Objects.requireNonNull(code, "code");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code must not be blank");
    }
    List<Object> copy = new ArrayList<>(args.size());
    for (Object arg : args) {
      Objects.requireNonNull(arg, "args");
      if (arg instanceof Integer i) {
        copy.add(i.longValue());
      } else if (arg instanceof String || arg instanceof Units || arg instanceof Money
          || arg instanceof LocalDate || arg instanceof Instant || arg instanceof Long
          || arg instanceof BigDecimal || arg instanceof LocalizedText) {
        copy.add(arg);
      } else {
        throw new IllegalArgumentException("args: cannot format a " + arg.getClass().getName()
            + " in " + code);
      }
    }
    args = List.copyOf(copy);
  }

  /** The text of {@code code} with {@code args}. */
  public static LocalizedText of(String code, Object... args) {
    return new LocalizedText(code, List.of(args));
  }

  /** Text the caller wrote, rendered as it is in every locale. */
  public static LocalizedText literal(String text) {
    return of(LITERAL, Objects.requireNonNull(text, "text"));
  }

  /**
   * Texts kept as they were written: {@code english} in English and any language without a bundle,
   * {@code thai} in Thai.
   */
  public static LocalizedText stored(String english, String thai) {
    return of(STORED, Objects.requireNonNull(english, "english"),
        Objects.requireNonNull(thai, "thai"));
  }

  /** This text in English. */
  public String english() {
    return render(Locale.ENGLISH);
  }

  /** This text in Thai. */
  public String thai() {
    return render(THAI);
  }

  /**
   * This text in {@code locale}, from the {@value #BUNDLE} bundle on the class path: the locale's
   * own bundle, else English.
   */
  public String render(Locale locale) {
    Objects.requireNonNull(locale, "locale");
    return render(locale, bundle(locale));
  }

  /**
   * This text in {@code locale} from the host's own {@code bundle}: its pattern for {@link #code()},
   * or the English one if it has none.
   *
   * @throws MissingResourceException if neither bundle has a pattern for the code
   */
  public String render(Locale locale, ResourceBundle bundle) {
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(bundle, "bundle");
    String pattern;
    try {
      pattern = bundle.getString(code);
    } catch (MissingResourceException e) {
      pattern = bundle(Locale.ROOT).getString(code);
    }
    return new MessageFormat(pattern, locale).format(formattedArgs(locale).toArray());
  }

  /** The arguments formatted for {@code locale}, in order, as the patterns receive them. */
  public List<String> formattedArgs(Locale locale) {
    Objects.requireNonNull(locale, "locale");
    List<String> out = new ArrayList<>(args.size());
    for (Object arg : args) {
      out.add(format(arg, locale));
    }
    return out;
  }

  private static String format(Object arg, Locale locale) {
    if (arg instanceof Units u) {
      return u.toDisplayString(locale);
    } else if (arg instanceof Money m) {
      return m.toDisplayString(locale);
    } else if (arg instanceof LocalDate d) {
      return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(d);
    } else if (arg instanceof BigDecimal b) {
      DecimalFormat f = new DecimalFormat("0", DecimalFormatSymbols.getInstance(locale));
      f.setMinimumFractionDigits(Math.max(b.scale(), 0));
      f.setMaximumFractionDigits(Math.max(b.scale(), 0));
      return f.format(b);
    } else if (arg instanceof LocalizedText t) {
      return t.render(locale);
    }
    // String, Long and Instant read the same in every locale: ids, counts and stored instants
    return arg.toString();
  }

  /**
   * The bundle for {@code locale}. The standard lookup falls back to the JVM's default locale
   * when {@code locale} has no bundle, which would render French in Thai on a Thai server; a
   * bundle of another language than the one asked for is therefore replaced by the base bundle.
   */
  private static ResourceBundle bundle(Locale locale) {
    ResourceBundle b = ResourceBundle.getBundle(BUNDLE, locale);
    String got = b.getLocale().getLanguage();
    if (!got.isEmpty() && !got.equals(locale.getLanguage())) {
      b = ResourceBundle.getBundle(BUNDLE, Locale.ROOT);
    }
    return b;
  }
}
