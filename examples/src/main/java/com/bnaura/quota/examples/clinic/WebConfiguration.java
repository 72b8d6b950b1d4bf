package com.bnaura.quota.examples.clinic;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web layer's wiring: the body limit and the content type check (servlet filters ahead of
 * everything else, Spring Security's included), the bound on path and query values, and the
 * signed-in {@link Caller} for controller methods that take one, and the caller's language (Thai
 * or English, from {@code Accept-Language}) for those that take a {@code Locale}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimits.class)
class WebConfiguration implements WebMvcConfigurer {

  /** The longest value of a path variable or query parameter: ids, actions and instants. */
  static final int MAX_PARAMETER_LENGTH = 64;

  /** A controller method's {@code Locale}: Thai or English, from {@code Accept-Language}. */
  @Bean
  LocaleResolver localeResolver() {
    return Languages.resolver();
  }

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(HttpLimits limits) {
    FilterRegistrationBean<BodyLimitFilter> registration =
        new FilterRegistrationBean<>(new BodyLimitFilter(limits));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ContentTypeFilter> contentTypeFilter() {
    FilterRegistrationBean<ContentTypeFilter> registration =
        new FilterRegistrationBean<>(new ContentTypeFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new HandlerInterceptor() {
      @Override
      public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
          Object handler) {
        checkParameters(request);
        return true;
      }
    });
  }

  /**
   * Refuses a path variable or query parameter longer than {@value #MAX_PARAMETER_LENGTH}
   * characters, or a query parameter sent twice, with a 400 naming it.
   */
  static void checkParameters(HttpServletRequest request) {
    Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (variables instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (String.valueOf(entry.getValue()).length() > MAX_PARAMETER_LENGTH) {
          throw ApiException.invalid(String.valueOf(entry.getKey()), "error.query.too_long",
              entry.getKey(), MAX_PARAMETER_LENGTH);
        }
      }
    }
    for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
      String name = entry.getKey();
      String field = name.length() > MAX_PARAMETER_LENGTH ? "query" : name;
      if (name.length() > MAX_PARAMETER_LENGTH) {
        throw ApiException.invalid(field, "error.query.name_too_long", MAX_PARAMETER_LENGTH);
      }
      if (entry.getValue().length > 1) {
        throw ApiException.invalid(field, "error.query.repeated", field);
      }
      for (String value : entry.getValue()) {
        if (value.length() > MAX_PARAMETER_LENGTH) {
          throw ApiException.invalid(field, "error.query.too_long", field,
              MAX_PARAMETER_LENGTH);
        }
      }
    }
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new HandlerMethodArgumentResolver() {
      @Override
      public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
      }

      @Override
      public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
          NativeWebRequest request, WebDataBinderFactory binders) {
        return Caller.of(SecurityContextHolder.getContext().getAuthentication())
            .orElseThrow(() -> new ApiException(401, "UNAUTHENTICATED", "Authorization",
                ErrorText.of("error.auth.token")));
      }
    });
  }
}
