package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.jackson.QuotaJacksonModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The app's JSON reader (Jackson 3, as Spring Boot 4 uses): bounded and strict.
 *
 * <ul>
 *   <li>The parser refuses a document longer than the body limit, a number of more than {@value
 *       #MAX_NUMBER_LENGTH} characters, a string of more than {@value #MAX_STRING_LENGTH}, a
 *       property name of more than {@value #MAX_NAME_LENGTH}, nesting deeper than {@value
 *       #MAX_NESTING_DEPTH}, a repeated property name, and anything after the document.
 *   <li>Types are strict: a fraction or an exponent is not a whole number, a number or a string
 *       is not a boolean, a string (padded or not) is not a number, and only a string is a
 *       string.
 *   <li>{@link BoundedJson} bounds each field's length, each array's size and each decimal's
 *       scale.
 *   <li>The quota library's ids ({@code ClinicId}, {@code PlanId}, ...) are written as their
 *       value by {@link QuotaJacksonModule}.
 * </ul>
 *
 * <p>Every refusal is a 400 {@code INVALID_ARGUMENT} naming the field ({@link ApiErrorHandler}).
 * Boot's own {@code spring.jackson.*} settings and customizers still apply on top.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

  /**
   * The longest number token the parser reads (Jackson's default); the fields have their own,
   * shorter bound ({@link BoundedJson#MAX_NUMBER_LENGTH}), refused naming the field.
   */
  static final int MAX_NUMBER_LENGTH = 1000;
  /** The longest string token the parser reads; fields have their own, shorter bounds. */
  static final int MAX_STRING_LENGTH = 1024;
  /** The longest property name. */
  static final int MAX_NAME_LENGTH = 64;
  /** The deepest nesting; the deepest body ({@code facialMetrics.volumeLoss}) has three levels. */
  static final int MAX_NESTING_DEPTH = 16;

  /**
   * The builder of the app's {@link JsonMapper}, on a parser with the constraints above; it
   * replaces Boot's, whose parser cannot be changed once built, and applies the same customizers.
   */
  @Bean
  @Scope("prototype")
  JsonMapper.Builder boundedJsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
      HttpLimits limits) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(limits.maxBodyBytes())
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    JsonMapper.Builder builder = JsonMapper.builder(factory);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  /**
   * Strict types, the field bounds, and the quota library's value types ({@link
   * QuotaJacksonModule}): an id is written as its value.
   */
  @Bean
  JsonMapperBuilderCustomizer strictJson() {
    return builder -> builder
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .addModule(BoundedJson.module())
        .addModule(new QuotaJacksonModule())
        .withCoercionConfig(LogicalType.Integer, c -> c
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Float, c -> c
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Boolean, c -> c
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Textual, c -> c
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
