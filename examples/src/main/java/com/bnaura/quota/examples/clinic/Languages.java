package com.bnaura.quota.examples.clinic;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The languages the app answers in: Thai and English. A request's language is its {@code
 * Accept-Language} ({@code th}, {@code th-TH}, {@code en}, ...); a request without one, or asking
 * only for another language, is answered in English.
 */
final class Languages {

  /** Thai, the language of the clinics' staff. */
  static final Locale THAI = Locale.forLanguageTag("th");

  /** English, the answer when the request asks for no language the app speaks. */
  static final Locale ENGLISH = Locale.ENGLISH;

  private Languages() {}

  /** Resolves {@code Accept-Language} to Thai or English, for controller methods' {@code Locale}. */
  static LocaleResolver resolver() {
    AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver();
    resolver.setSupportedLocales(List.of(ENGLISH, THAI));
    resolver.setDefaultLocale(ENGLISH);
    return resolver;
  }

  /** The request's language: Thai or English. */
  static Locale of(HttpServletRequest request) {
    return of(resolver().resolveLocale(request));
  }

  /** {@code locale} as one of the app's languages: Thai for any Thai locale, else English. */
  static Locale of(Locale locale) {
    return locale != null && THAI.getLanguage().equals(locale.getLanguage()) ? THAI : ENGLISH;
  }
}
