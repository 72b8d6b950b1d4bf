package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published {@code catalog.schema.json} describes what {@link QuotaCatalog#fromJson} reads:
 * the same keys in every object, the same required keys, and every example catalog validates.
 */
final class CatalogSchemaTest {
  private static final String RESOURCE = "/com/bnaura/quota/catalog.schema.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A catalog that uses every key of the format once. */
  private static final String EVERY_KEY = """
      {
        "version": "2026-01",
        "currency": "THB",
        "plans": [{
          "id": "p", "name": "P", "monthlyAllowance": "10", "monthlyPrice": "100",
          "overagePrice": "5", "overagePolicy": "AUTO", "features": ["a"], "allFeatures": false,
          "maxUnitsPerRequest": "50", "maxOveragePerRequest": "100"
        }],
        "operations": [{"id": "X", "rate": 0.5, "repeatScanEligible": true, "aliases": ["x"]}],
        "topUps": {
          "perUnit": "48", "minUnits": 1, "maxUnits": "1000",
          "packs": [{"name": "pack", "units": "10", "price": "480", "validFor": "P30D"}]
        }
      }
      """;

  private static JsonNode schemaTree;
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = CatalogSchemaTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE + " on the class path").isNotNull();
      schemaTree = JSON.readTree(in);
    }
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(schemaTree.toString(), InputFormat.JSON);
  }

  @Test
  void schema_isDraft2020_12() {
    assertThat(schemaTree.get("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  static Stream<Arguments> objects() {
    return Stream.of(
        arguments("", CatalogJson.ROOT_KEYS),
        arguments("plan", CatalogJson.PLAN_KEYS),
        arguments("operation", CatalogJson.OPERATION_KEYS),
        arguments("topUps", CatalogJson.TOP_UP_KEYS),
        arguments("pack", CatalogJson.PACK_KEYS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void schema_listsExactlyTheKeysTheReaderAccepts(String definition, List<String> readerKeys) {
    JsonNode object = definition(definition);

    assertThat(object.get("properties").propertyNames())
        .containsExactlyInAnyOrderElementsOf(readerKeys);
    assertThat(object.get("additionalProperties").asBoolean(true)).isFalse();
  }

  /** Leaving out a key the schema requires fails in the reader as "is required", and no other. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void schema_requiresExactlyTheKeysTheReaderRequires(String definition, List<String> keys)
      throws IOException {
    List<String> required = new ArrayList<>();
    definition(definition).get("required").values().forEach(k -> required.add(k.asString()));

    for (String key : keys) {
      ObjectNode document = (ObjectNode) JSON.readTree(EVERY_KEY);
      ObjectNode object = objectOf(document, definition);
      object.remove(key);
      String path = pathOf(definition).isEmpty() ? key : pathOf(definition) + "." + key;
      if (required.contains(key)) {
        assertThatThrownBy(() -> QuotaCatalog.fromJson(new StringReader(document.toString())))
            .as(path)
            .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
              assertThat(e.field()).isEqualTo(path);
              assertThat(e.reason()).isEqualTo("is required");
            });
      } else {
        assertThatCode(() -> QuotaCatalog.fromJson(new StringReader(document.toString())))
            .as(path).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everyKeyCatalog_isReadAndValidates() throws IOException {
    QuotaCatalog.fromJson(new StringReader(EVERY_KEY));

    assertThat(schema.validate(EVERY_KEY, InputFormat.JSON)).isEmpty();
  }

  @Test
  void docsExamples_validate() throws IOException {
    Path doc = Path.of("..", "docs", "catalog-json.md");
    assumeTrue(Files.exists(doc), "docs/catalog-json.md is not next to this module");
    Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(doc, StandardCharsets.UTF_8));
    int examples = 0;
    while (block.find()) {
      examples++;
      String json = block.group(1);
      QuotaCatalog.fromJson(new StringReader(json));
      assertThat(schema.validate(json, InputFormat.JSON)).as("example " + examples).isEmpty();
    }
    assertThat(examples).as("```json blocks in " + doc).isPositive();
  }

  @Test
  void defaultsCatalog_validates() {
    String json = QuotaCatalogJsonTest.DEFAULTS_JSON;

    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
  }

  static Stream<Arguments> documentsTheSchemaRefuses() {
    return Stream.of(
        arguments("a misspelt key", EVERY_KEY.replace("\"allFeatures\"", "\"allFeature\"")),
        arguments("a missing plan id", EVERY_KEY.replace("\"id\": \"p\", ", "")),
        arguments("a boolean as a string", EVERY_KEY.replace("\"allFeatures\": false",
            "\"allFeatures\": \"false\"")),
        arguments("a negative amount", EVERY_KEY.replace("\"rate\": 0.5", "\"rate\": -0.5")),
        arguments("an exponent in a string amount",
            EVERY_KEY.replace("\"monthlyPrice\": \"100\"", "\"monthlyPrice\": \"1e2\"")),
        arguments("an unknown policy", EVERY_KEY.replace("\"AUTO\"", "\"auto\"")),
        arguments("no plans", EVERY_KEY.replaceAll("(?s)\"plans\": \\[.*?\\}\\],",
            "\"plans\": [],")),
        arguments("a zero minUnits", EVERY_KEY.replace("\"minUnits\": 1", "\"minUnits\": 0")));
  }

  /** The schema is not vacuous: each of these is refused by the reader and by the schema. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("documentsTheSchemaRefuses")
  void schema_refusesWhatTheReaderRefuses(String what, String json) {
    assertThatThrownBy(() -> QuotaCatalog.fromJson(new StringReader(json)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(schema.validate(json, InputFormat.JSON)).isNotEmpty();
  }

  private static JsonNode definition(String name) {
    return name.isEmpty() ? schemaTree : schemaTree.get("$defs").get(name);
  }

  private static ObjectNode objectOf(ObjectNode document, String definition) {
    return switch (definition) {
      case "" -> document;
      case "plan" -> (ObjectNode) document.get("plans").get(0);
      case "operation" -> (ObjectNode) document.get("operations").get(0);
      case "topUps" -> (ObjectNode) document.get("topUps");
      case "pack" -> (ObjectNode) document.get("topUps").get("packs").get(0);
      default -> throw new IllegalArgumentException(definition);
    };
  }

  private static String pathOf(String definition) {
    return switch (definition) {
      case "" -> "";
      case "plan" -> "plans[0]";
      case "operation" -> "operations[0]";
      case "topUps" -> "topUps";
      case "pack" -> "topUps.packs[0]";
      default -> throw new IllegalArgumentException(definition);
    };
  }
}
