package com.bnaura.quota.examples.clinic;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document, served at {@code /v3/api-docs} (browsable at {@code /swagger-ui.html}):
 * every endpoint, with the bearer credential it needs.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenAPI clinicApi() {
    return new OpenAPI()
        .info(new Info().title("Aura Quota clinic app").version("0.1.0")
            .description("The quota, billing and AI-scan API of the demo clinics. Every /api/ "
                + "request needs a user's token: 'Authorization: Bearer <token>' or "
                + "'X-API-Key: <token>'. Errors carry a stable 'code' and the 'field' at fault: "
                + "RFC 9457 problem details (application/problem+json) on the resource "
                + "endpoints, the old system's JSON body on /api/ai/analyze and /api/quota/*."))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
