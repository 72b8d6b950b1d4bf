package com.bnaura.quota.examples.clinic;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hands the signed-in {@link Caller} to controller methods that take one. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

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
        Object caller = request.getNativeRequest(HttpServletRequest.class)
            .getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
          throw new ApiException(401, "UNAUTHENTICATED", "Authorization",
              "send a demo user's token");
        }
        return caller;
      }
    });
  }
}
