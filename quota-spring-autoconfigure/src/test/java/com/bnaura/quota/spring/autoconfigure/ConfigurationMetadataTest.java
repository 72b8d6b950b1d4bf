package com.bnaura.quota.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata an IDE reads (generated from the Javadoc of the properties and merged
 * with {@code additional-spring-configuration-metadata.json}) describes every property of ours.
 */
final class ConfigurationMetadataTest {

  private static final String PACKAGE = "com.bnaura.quota.spring";

  @Test
  void everyPropertyOfOurs_hasADescription() throws Exception {
    List<JsonNode> properties = ours(metadata().get("properties"));

    List<String> undescribed = new ArrayList<>();
    for (JsonNode property : properties) {
      JsonNode description = property.get("description");
      if (description == null || description.asString().isBlank()) {
        undescribed.add(property.get("name").asString());
      }
    }

    assertThat(properties).hasSizeGreaterThan(40);
    assertThat(undescribed).as("properties without a description").isEmpty();
  }

  @Test
  void everyConfigurationPropertiesClass_isInTheMetadata() throws Exception {
    Set<String> groupTypes = new TreeSet<>();
    metadata().get("groups").forEach(group -> groupTypes.add(group.get("type").asString()));

    Set<String> annotated = configurationPropertiesClasses();

    assertThat(annotated).contains(QuotaProperties.class.getName(),
        QuotaGeminiProperties.class.getName());
    assertThat(groupTypes).containsAll(annotated);
  }

  /** A map of objects is one property; its description must name each key an entry takes. */
  @Test
  void everyKeyOfAMapOfObjects_isNamedInTheMapsDescription() throws Exception {
    Map<String, String> descriptions = new HashMap<>();
    for (JsonNode property : ours(metadata().get("properties"))) {
      JsonNode description = property.get("description");
      descriptions.put(property.get("name").asString(),
          description == null ? "" : description.asString());
    }
    List<String> unnamed = new ArrayList<>();

    for (String type : configurationPropertiesClasses()) {
      Class<?> properties = Class.forName(type);
      String prefix = properties.getAnnotation(ConfigurationProperties.class).value();
      if (prefix.isEmpty()) {
        prefix = properties.getAnnotation(ConfigurationProperties.class).prefix();
      }
      collectMapsOfObjects(prefix, properties, descriptions, unnamed);
    }

    assertThat(descriptions).containsKeys("bnaura.quota.plans", "bnaura.quota.top-ups.packs");
    assertThat(unnamed).as("keys a map property's description does not name").isEmpty();
  }

  private static void collectMapsOfObjects(String prefix, Class<?> type,
      Map<String, String> descriptions, List<String> unnamed) {
    if (!type.isRecord()) {
      return;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + kebab(component.getName());
      Type generic = component.getGenericType();
      if (generic instanceof ParameterizedType map && component.getType() == Map.class
          && map.getActualTypeArguments()[1] instanceof Class<?> value && value.isRecord()) {
        String description = descriptions.getOrDefault(name, "");
        for (RecordComponent key : value.getRecordComponents()) {
          if (!description.contains(kebab(key.getName()))) {
            unnamed.add(name + ".<key>." + kebab(key.getName()));
          }
        }
      } else if (component.getType().isRecord()
          && component.getType().getName().startsWith(PACKAGE)) {
        collectMapsOfObjects(name, component.getType(), descriptions, unnamed);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static Set<String> configurationPropertiesClasses() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    Set<String> names = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents(PACKAGE)) {
      names.add(candidate.getBeanClassName());
    }
    return names;
  }

  private static List<JsonNode> ours(JsonNode properties) {
    List<JsonNode> ours = new ArrayList<>();
    for (JsonNode property : properties) {
      String name = property.get("name").asString();
      if (name.startsWith("bnaura.quota.") || name.startsWith("management.endpoint.quota.")) {
        ours.add(property);
      }
    }
    return ours;
  }

  /** This module's generated metadata: the one file whose groups are ours. */
  private static JsonNode metadata() throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        JsonNode metadata = json.readTree(in);
        for (JsonNode group : metadata.get("groups")) {
          if (group.get("type").asString().startsWith(PACKAGE)) {
            return metadata;
          }
        }
      }
    }
    throw new AssertionError("no META-INF/spring-configuration-metadata.json of " + PACKAGE
        + " on the class path: did the configuration processor run?");
  }
}
