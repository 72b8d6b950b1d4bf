package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class QuotaCatalogJsonTest {

  /** The example of docs/catalog-json.md and of the CatalogJson Javadoc. */
  static final String DEFAULTS_JSON = """
      {
        "currency": "THB",
        "plans": [
          {
            "id": "starter",
            "name": "Starter",
            "monthlyAllowance": "100",
            "monthlyPrice": "2990",
            "overagePrice": "75",
            "overagePolicy": "CONSENT",
            "features": ["proposalGeneration"]
          },
          {
            "id": "professional",
            "name": "Professional",
            "monthlyAllowance": "500",
            "monthlyPrice": "8990",
            "overagePrice": "60",
            "overagePolicy": "CONSENT",
            "features": ["advancedAnalysis", "proposalGeneration", "leadScoring"]
          },
          {
            "id": "enterprise",
            "name": "Enterprise",
            "monthlyAllowance": "unlimited",
            "monthlyPrice": "0",
            "overagePolicy": "BLOCK",
            "features": ["advancedAnalysis", "proposalGeneration", "leadScoring", "realtimeSupport"],
            "allFeatures": true
          }
        ],
        "operations": [
          {
            "id": "QUICK_SCAN",
            "rate": "0.2",
            "repeatScanEligible": true,
            "aliases": ["quick"]
          },
          {
            "id": "CLINICAL_ANALYSIS",
            "rate": "1.0",
            "repeatScanEligible": true,
            "aliases": ["detailed"]
          },
          {
            "id": "CHAT_ADVISOR",
            "rate": "0",
            "repeatScanEligible": false,
            "aliases": ["chat"]
          }
        ],
        "topUps": {
          "perUnit": "48",
          "minUnits": 1,
          "maxUnits": 100000,
          "packs": [
            {"name": "pack-100", "units": "100", "price": "4800"},
            {"name": "pack-500", "units": "500", "price": "24000"}
          ]
        }
      }
      """;

  private static final String PLAN = "{'id': 'starter', 'name': 'Starter',"
      + " 'monthlyAllowance': '100', 'monthlyPrice': '2990', 'overagePolicy': 'CONSENT'}";
  private static final String PLAN_2 = "{'id': 'pro', 'name': 'Pro',"
      + " 'monthlyAllowance': '500', 'monthlyPrice': '8990', 'overagePolicy': 'CONSENT'}";
  private static final String OPERATION = "{'id': 'QUICK_SCAN', 'rate': '0.2'}";
  private static final String TOP_UPS = "{'perUnit': '48', 'minUnits': 1, 'maxUnits': 100000}";

  // ---- the documented example ----

  @Test
  void fromJson_defaultsExample_equalsBundledDefaults() throws IOException {
    QuotaCatalog defaults = QuotaCatalog.defaults();

    QuotaCatalog catalog = QuotaCatalog.fromJson(new StringReader(DEFAULTS_JSON));

    assertSameCatalog(catalog, defaults);
  }

  @Test
  void fromJson_docsExample_equalsBundledDefaults() throws IOException {
    Path doc = Path.of("..", "docs", "catalog-json.md");
    assumeTrue(Files.exists(doc), "docs/catalog-json.md is not next to this module");
    Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(doc, StandardCharsets.UTF_8));
    assertThat(block.find()).as("a ```json block in " + doc).isTrue();

    QuotaCatalog catalog = QuotaCatalog.fromJson(new StringReader(block.group(1)));

    assertThat(block.group(1)).isEqualTo(DEFAULTS_JSON);
    assertSameCatalog(catalog, QuotaCatalog.defaults());
  }

  @Test
  void fromJson_javadocExample_equalsBundledDefaults() throws IOException {
    Path source = Path.of("src", "main", "java", "com", "bnaura", "quota", "model",
        "CatalogJson.java");
    assumeTrue(Files.exists(source), "the sources of CatalogJson are not here");
    Matcher block = Pattern.compile("<pre>\\{@code\\n(.*?) \\*? ?\\}</pre>", Pattern.DOTALL)
        .matcher(Files.readString(source, StandardCharsets.UTF_8));
    assertThat(block.find()).as("a code block in " + source).isTrue();
    String json = block.group(1).replaceAll("(?m)^ \\* ?", "");

    QuotaCatalog catalog = QuotaCatalog.fromJson(new StringReader(json));

    assertThat(json).isEqualTo(DEFAULTS_JSON);
    assertSameCatalog(catalog, QuotaCatalog.defaults());
  }

  @Test
  void fromJson_path_readsTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("catalog.json");
    Files.writeString(file, DEFAULTS_JSON, StandardCharsets.UTF_8);

    QuotaCatalog catalog = QuotaCatalog.fromJson(file);

    assertSameCatalog(catalog, QuotaCatalog.defaults());
  }

  @Test
  void fromJson_path_missingFile_failsWithIoException(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> QuotaCatalog.fromJson(missing))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void fromJson_path_malformedFile_namesLineAndColumn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("catalog.json");
    Files.writeString(file, "{\n  \"plans\": [,]\n}", StandardCharsets.UTF_8);

    assertInvalid(() -> QuotaCatalog.fromJson(file), "json",
        "Unexpected character (',' (code 44)): expected a valid value (JSON String, Number,"
            + " Array, Object or token 'null', 'true' or 'false') at 2:13");
  }

  // ---- catalogs a host would write ----

  @Test
  void fromJson_contractCatalog_setsQuickScanToHalfAUnit() throws IOException {
    String json = DEFAULTS_JSON.replace("\"rate\": \"0.2\"", "\"rate\": \"0.5\"");

    QuotaCatalog catalog = QuotaCatalog.fromJson(new StringReader(json));

    assertThat(catalog.operation(OperationId.QUICK_SCAN).orElseThrow().rate())
        .isEqualTo(Units.ofMilli(500));
    assertThat(catalog.operation("quick").orElseThrow().rate()).isEqualTo(Units.ofMilli(500));
    assertThat(catalog.operation(OperationId.CLINICAL_ANALYSIS).orElseThrow().rate())
        .isEqualTo(Units.of(1));
  }

  @Test
  void fromJson_perRequestLimits_areReadAndDefaultFromTheOveragePrice() throws IOException {
    String json = catalog("{'id': 'small', 'name': 'Small', 'monthlyAllowance': '10',"
        + " 'monthlyPrice': '500', 'overagePrice': '50', 'overagePolicy': 'AUTO',"
        + " 'maxUnitsPerRequest': '2.5', 'maxOveragePerRequest': 99.5}, "
        + "{'id': 'plain', 'name': 'Plain', 'monthlyAllowance': '10', 'monthlyPrice': '500',"
        + " 'overagePrice': '50', 'overagePolicy': 'AUTO'}, "
        + "{'id': 'closed', 'name': 'Closed', 'monthlyAllowance': '10', 'monthlyPrice': '500',"
        + " 'overagePolicy': 'BLOCK'}", OPERATION, TOP_UPS);

    QuotaCatalog catalog = read(json);

    assertThat(catalog.plan(PlanId.of("small")).orElseThrow().requestLimits())
        .isEqualTo(new RequestLimits(Units.parse("2.5"), Money.of("99.50", Money.THB)));
    assertThat(catalog.plan(PlanId.of("plain")).orElseThrow().requestLimits())
        .isEqualTo(new RequestLimits(Units.of(100), Money.of("1000", Money.THB)));
    assertThat(catalog.plan(PlanId.of("closed")).orElseThrow().requestLimits())
        .isEqualTo(new RequestLimits(Units.of(100), Money.zero(Money.THB)));
  }

  @Test
  void fromJson_packValidity_isReadAndDefaultsToNever() throws IOException {
    QuotaCatalog catalog = read(catalog(PLAN, OPERATION, "{'perUnit': '48', 'minUnits': 1,"
        + " 'maxUnits': 100000, 'packs': [{'name': 'promo', 'units': '50', 'price': '2000',"
        + " 'validFor': 'P90D'}, {'name': 'paid', 'units': '100', 'price': '4800'}]}"));

    assertThat(catalog.topUps().pack("promo").orElseThrow().validity())
        .contains(Duration.ofDays(90));
    assertThat(catalog.topUps().pack("paid").orElseThrow().validity()).isEmpty();
  }

  @Test
  void fromJson_badPackValidity_namesItsPath() {
    for (String bad : new String[] {"'90 days'", "'P0D'", "'-P1D'", "90"}) {
      assertInvalid(() -> read(catalog(PLAN, OPERATION, "{'perUnit': '48', 'minUnits': 1,"
          + " 'maxUnits': 100000, 'packs': [{'name': 'promo', 'units': '50', 'price': '2000',"
          + " 'validFor': " + bad + "}]}")), "topUps.packs[0].validFor", "");
    }
  }

  @Test
  void fromJson_version_isTheCatalogsVersion() throws IOException {
    QuotaCatalog catalog = read("{'version': '2026-01', 'plans': [" + PLAN + "], 'operations': ["
        + OPERATION + "], 'topUps': " + TOP_UPS + "}");

    assertThat(catalog.version()).isEqualTo("2026-01");
  }

  @Test
  void version_withoutOne_isAHashOfTheContentThatChangesWithAPrice() throws IOException {
    QuotaCatalog fromJson = QuotaCatalog.fromJson(new StringReader(DEFAULTS_JSON));
    QuotaCatalog cheaper = QuotaCatalog.defaults().toBuilder()
        .topUps(new TopUpPricing(Money.of("40", Money.THB), 1, 100_000, List.of())).build();

    assertThat(QuotaCatalog.defaults().version()).matches("c-[0-9a-f]{12}")
        .isEqualTo(fromJson.version()).isEqualTo(QuotaCatalog.defaults().toBuilder().build()
            .version());
    assertThat(cheaper.version()).isNotEqualTo(QuotaCatalog.defaults().version());
  }

  @Test
  void fromJson_blankVersion_isRefused() {
    assertInvalid(() -> read("{'version': ' ', 'plans': [" + PLAN + "], 'operations': ["
        + OPERATION + "], 'topUps': " + TOP_UPS + "}"), "version", "");
  }

  @Test
  void fromJson_badPerRequestLimits_nameTheirPath() {
    assertInvalid(() -> read(catalog("{'id': 'x', 'name': 'X', 'monthlyAllowance': '10',"
        + " 'monthlyPrice': '500', 'overagePolicy': 'AUTO', 'maxUnitsPerRequest': '0'}",
        OPERATION, TOP_UPS)), "plans[0].maxUnitsPerRequest", "more than 0");
    assertInvalid(() -> read(catalog("{'id': 'x', 'name': 'X', 'monthlyAllowance': '10',"
        + " 'monthlyPrice': '500', 'overagePolicy': 'AUTO', 'maxOveragePerRequest': '1.005'}",
        OPERATION, TOP_UPS)), "plans[0].maxOveragePerRequest", "decimals");
  }

  @Test
  void fromJson_unlimitedPlan_hasUnlimitedAllowanceAndNoOverage() throws IOException {
    String json = catalog("{'id': 'clinic-chain', 'name': 'Clinic chain',"
        + " 'monthlyAllowance': 'unlimited', 'monthlyPrice': 45000, 'overagePolicy': 'BLOCK',"
        + " 'allFeatures': true}", OPERATION, TOP_UPS);

    Plan plan = read(json).plan(PlanId.of("clinic-chain")).orElseThrow();

    assertThat(plan.allowance()).isEqualTo(Allowance.UNLIMITED);
    assertThat(plan.monthlyPrice()).isEqualTo(Money.of("45000", Money.THB));
    assertThat(plan.overagePrice()).isEmpty();
    assertThat(plan.hasFeature("anything")).isTrue();
  }

  @Test
  void fromJson_minimalCatalog_appliesDocumentedDefaults() throws IOException {
    QuotaCatalog catalog = read(catalog(PLAN, OPERATION, TOP_UPS));

    Plan plan = catalog.plan(PlanId.STARTER).orElseThrow();
    Operation op = catalog.operation(OperationId.QUICK_SCAN).orElseThrow();
    assertThat(catalog.currency()).isEqualTo(Money.THB);
    assertThat(plan.overagePrice()).isEmpty();
    assertThat(plan.features()).isEmpty();
    assertThat(plan.allFeatures()).isFalse();
    assertThat(op.repeatScanEligible()).isFalse();
    assertThat(op.aliases()).isEmpty();
    assertThat(catalog.topUps().packs()).isEmpty();
  }

  @Test
  void fromJson_numbersAndStrings_readTheSame() throws IOException {
    String strings = catalog("{'id': 'p', 'name': 'P', 'monthlyAllowance': '100.5',"
            + " 'monthlyPrice': '2990.25', 'overagePrice': '75', 'overagePolicy': 'AUTO'}",
        "{'id': 'OP', 'rate': '0.2'}",
        "{'perUnit': '48.50', 'minUnits': '5', 'maxUnits': '500',"
            + " 'packs': [{'name': 'p', 'units': '100', 'price': '4800'}]}");
    String numbers = catalog("{'id': 'p', 'name': 'P', 'monthlyAllowance': 100.5,"
            + " 'monthlyPrice': 2990.25, 'overagePrice': 75, 'overagePolicy': 'AUTO'}",
        "{'id': 'OP', 'rate': 0.2}",
        "{'perUnit': 48.50, 'minUnits': 5, 'maxUnits': 500,"
            + " 'packs': [{'name': 'p', 'units': 100, 'price': 4800}]}");

    QuotaCatalog fromStrings = read(strings);
    QuotaCatalog fromNumbers = read(numbers);

    assertSameCatalog(fromNumbers, fromStrings);
    Plan plan = fromNumbers.plan(PlanId.of("p")).orElseThrow();
    assertThat(plan.allowance().units()).isEqualTo(Units.ofMilli(100_500));
    assertThat(plan.monthlyPrice().minor()).isEqualTo(299_025);
    assertThat(fromNumbers.topUps().perUnit().minor()).isEqualTo(4_850);
    assertThat(fromNumbers.topUps().minUnits()).isEqualTo(5);
  }

  @Test
  void fromJson_numbers_areConvertedExactlyAtTheEdges() throws IOException {
    String json = catalog("{'id': 'p', 'name': 'P', 'monthlyAllowance': 999999999.999,"
            + " 'monthlyPrice': 9999999999999.99, 'overagePrice': 0.1, 'overagePolicy': 'AUTO'}",
        "{'id': 'A', 'rate': 0.001}, {'id': 'B', 'rate': 1000000000}",
        "{'perUnit': 0.01, 'minUnits': 1, 'maxUnits': 1000000000}");

    QuotaCatalog catalog = read(json);

    Plan plan = catalog.plan(PlanId.of("p")).orElseThrow();
    assertThat(plan.allowance().units().milli()).isEqualTo(999_999_999_999L);
    assertThat(plan.monthlyPrice().minor()).isEqualTo(999_999_999_999_999L);
    assertThat(plan.overagePrice()).contains(Money.ofMinor(10, Money.THB));
    assertThat(catalog.operation("A").orElseThrow().rate()).isEqualTo(Units.ofMilli(1));
    assertThat(catalog.operation("B").orElseThrow().rate()).isEqualTo(Units.MAX);
    assertThat(catalog.topUps().perUnit().minor()).isEqualTo(1);
    assertThat(catalog.topUps().maxUnits()).isEqualTo(1_000_000_000L);
  }

  @Test
  void fromJson_otherCurrency_pricesEverythingInIt() throws IOException {
    String json = "{'currency': 'JPY', 'plans': [" + PLAN + "], 'operations': [" + OPERATION
        + "], 'topUps': {'perUnit': 48, 'minUnits': 1, 'maxUnits': 10,"
        + " 'packs': [{'name': 'p', 'units': 1, 'price': 480}]}}";

    QuotaCatalog catalog = read(json);

    Currency yen = Currency.getInstance("JPY");
    assertThat(catalog.currency()).isEqualTo(yen);
    assertThat(catalog.plan(PlanId.STARTER).orElseThrow().monthlyPrice())
        .isEqualTo(Money.ofMinor(2990, yen));
    assertThat(catalog.topUps().perUnit()).isEqualTo(Money.ofMinor(48, yen));
    assertThat(catalog.topUps().packs().get(0).price()).isEqualTo(Money.ofMinor(480, yen));
  }

  @Test
  void fromJson_yenWithDecimals_isRejected() {
    String json = "{'currency': 'JPY', 'plans': [" + PLAN.replace("'2990'", "'2990.5'")
        + "], 'operations': [" + OPERATION + "], 'topUps': " + TOP_UPS + "}";

    assertInvalid(() -> read(json), "plans[0].monthlyPrice", "at most 0 decimals");
  }

  @Test
  void fromJson_ids_areNfcNormalised() throws IOException {
    String json = catalog(PLAN.replace("'starter'", "'cafe\u0301'"), OPERATION, TOP_UPS);

    QuotaCatalog catalog = read(json);

    assertThat(catalog.plan(PlanId.of("caf\u00e9"))).isPresent();
  }

  @Test
  void fromJson_idsEqualAfterNormalisation_areDuplicates() {
    String json = catalog(PLAN.replace("'starter'", "'caf\u00e9'") + ", "
        + PLAN.replace("'starter'", "'cafe\u0301'"), OPERATION, TOP_UPS);

    assertInvalid(() -> read(json), "plans[1].id",
        "plan 'caf\u00e9' is already defined at plans[0]");
  }

  @Test
  void fromJson_aliasOfItsOwnId_isAllowed() throws IOException {
    String json = catalog(PLAN, "{'id': 'QUICK_SCAN', 'rate': '0.2', 'aliases': ['QUICK_SCAN']}",
        TOP_UPS);

    QuotaCatalog catalog = read(json);

    assertThat(catalog.operation("QUICK_SCAN")).isPresent();
  }

  @Test
  void fromJson_doesNotCloseTheReader() throws IOException {
    boolean[] closed = {false};
    Reader reader = new StringReader(DEFAULTS_JSON) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    QuotaCatalog.fromJson(reader);

    assertThat(closed[0]).isFalse();
  }

  // ---- the JSON itself ----

  @Test
  void fromJson_leadingByteOrderMark_isSkipped() throws IOException {
    QuotaCatalog catalog = QuotaCatalog.fromJson(new StringReader("\uFEFF" + DEFAULTS_JSON));

    assertSameCatalog(catalog, QuotaCatalog.defaults());
  }

  @Test
  void fromJson_numberAmounts_keepTheirExactValue() throws IOException {
    String json = catalog(PLAN.replace("'2990'", "2990.50"),
        "{'id': 'X', 'rate': 0.125}", TOP_UPS.replace("'48'", "92233.70"));

    QuotaCatalog catalog = read(json);

    assertThat(catalog.plans().get(0).monthlyPrice()).isEqualTo(Money.of("2990.50", Money.THB));
    assertThat(catalog.operation("X").orElseThrow().rate()).isEqualTo(Units.parse("0.125"));
    assertThat(catalog.topUps().perUnit()).isEqualTo(Money.of("92233.70", Money.THB));
  }

  static Stream<Arguments> malformedJson() {
    return Stream.of(
        arguments("", "No content to map due to end-of-input"),
        arguments("{'plans': NaN}", "Non-standard token 'NaN'"),
        arguments("{'plans': [1, 2,]}", "Unexpected character (']'"),
        arguments("{'plans': 1,\n}", "at 2:"),
        arguments("{'plans': [], '\\u0070lans': []}", "Duplicate Object property \"plans\""),
        arguments("{'plans': 'unterminated", "Unexpected end-of-input"),
        arguments("{'plans': '\u0001'}", "Illegal unquoted character"),
        arguments("{'plans': '\\x'}", "Unrecognized character escape 'x'"),
        arguments("{'plans': 01}", "Invalid numeric value: Leading zeroes not allowed"),
        arguments("{'plans': 1.}", "Decimal point not followed by a digit"),
        arguments("{'plans': +1}", "Unexpected character ('+'"),
        arguments("{'plans': 0x10}", "Unexpected character ('x'"),
        arguments("{'plans': [" + "1".repeat(1001) + "]}", "Number value length (1001)"),
        arguments("[".repeat(100_000), "exceeds the maximum allowed (64"),
        arguments("{'plans': [], }", "Unexpected character ('}'"));
  }

  @Test
  void fromJson_loneSurrogateInAName_isRefusedUnderItsPath() {
    String json = catalog(PLAN.replace("'starter'", "'star\\uD83Dter'"), OPERATION, TOP_UPS);

    assertInvalid(() -> read(json), "plans[0].id", "surrogate");
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedJson")
  void fromJson_malformedJson_isRefusedAsFieldJson(String json, String reason) {
    assertInvalid(() -> read(json), "json", reason);
  }

  @Test
  void fromJson_failingReader_throwsItsIoException() {
    Reader broken = new Reader() {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        throw new IOException("disk gone");
      }

      @Override
      public void close() {}
    };

    assertThatThrownBy(() -> QuotaCatalog.fromJson(broken))
        .isInstanceOf(IOException.class)
        .hasMessage("disk gone");
  }

  // ---- every error names its path ----

  static Stream<Arguments> badCatalogs() {
    return Stream.of(
        // malformed JSON
        arguments("{'plans': [}", "json", "Unexpected close marker '}': expected ']' at 1:12"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS) + " {}", "json",
            "Trailing token (`JsonToken.START_OBJECT`) found after value: not allowed"),
        arguments("{'plans': [], 'plans': []}", "json", "Duplicate Object property \"plans\" at 1:22"),
        arguments("{'a': " + "[".repeat(70) + "]".repeat(70) + "}", "json",
            "Document nesting depth (65) exceeds the maximum allowed (64"),
        // the root
        arguments("[]", "json", "must be an object, was an array"),
        arguments("null", "json", "must be an object, was null"),
        arguments("{'currncy': 'THB'}", "currncy",
            "is not a known key; expected one of version, currency, plans, operations, topUps"),
        arguments("{'a.b': 1}", "[\"a.b\"]", "is not a known key"),
        arguments("{'operations': [], 'topUps': {}}", "plans", "is required"),
        arguments(catalog("", OPERATION, TOP_UPS), "plans", "must list at least one plan"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS).replace("[" + q(PLAN) + "]", q(PLAN)), "plans",
            "must be an array, was an object"),
        arguments("{'plans': [" + PLAN + "], 'topUps': " + TOP_UPS + "}", "operations",
            "is required"),
        arguments(catalog(PLAN, "", TOP_UPS), "operations", "must list at least one operation"),
        arguments("{'plans': [" + PLAN + "], 'operations': [" + OPERATION + "]}", "topUps",
            "is required"),
        // currency
        arguments("{'currency': 'thb'}", "currency", "must be an ISO 4217 currency code"),
        arguments("{'currency': 'XYZ'}", "currency", "must be an ISO 4217 currency code"),
        arguments("{'currency': 764}", "currency", "must be a string, was a number"),
        arguments("{'currency': null}", "currency", "must be a string, was null"),
        // plans
        arguments(catalog("'starter'", OPERATION, TOP_UPS), "plans[0]",
            "must be an object, was a string"),
        arguments(catalog(PLAN.replace("'id': 'starter', ", ""), OPERATION, TOP_UPS),
            "plans[0].id", "is required"),
        arguments(catalog(PLAN.replace("'starter'", "'  '"), OPERATION, TOP_UPS),
            "plans[0].id", "must not be blank"),
        arguments(catalog(PLAN.replace("'starter'", "7"), OPERATION, TOP_UPS),
            "plans[0].id", "must be a string, was a number"),
        arguments(catalog(PLAN.replace("'starter'", "'a\\u0007'"), OPERATION, TOP_UPS),
            "plans[0].id", "contains a control character U+0007"),
        arguments(catalog(PLAN + ", " + PLAN, OPERATION, TOP_UPS), "plans[1].id",
            "plan 'starter' is already defined at plans[0]"),
        arguments(catalog(PLAN.replace("'name': 'Starter', ", ""), OPERATION, TOP_UPS),
            "plans[0].name", "is required"),
        arguments(catalog(PLAN.replace("'Starter'", "''"), OPERATION, TOP_UPS),
            "plans[0].name", "must not be blank"),
        arguments(catalog(PLAN.replace("'monthlyAllowance'", "'monthlyAlowance'"), OPERATION,
            TOP_UPS), "plans[0].monthlyAlowance", "is not a known key; expected one of id, name,"
            + " monthlyAllowance, monthlyPrice, overagePrice, overagePolicy, features,"
            + " allFeatures"),
        arguments(catalog(PLAN.replace("}", ", 'my key': 1}"), OPERATION, TOP_UPS),
            "plans[0][\"my key\"]", "is not a known key"),
        arguments(catalog(PLAN.replace("'100'", "'Unlimited'"), OPERATION, TOP_UPS),
            "plans[0].monthlyAllowance",
            "must be \"unlimited\" or a number of units, was 'Unlimited'"),
        arguments(catalog(PLAN.replace("'100'", "-5"), OPERATION, TOP_UPS),
            "plans[0].monthlyAllowance", "must not be negative, was '-5'"),
        arguments(catalog(PLAN.replace("'100'", "'-5'"), OPERATION, TOP_UPS),
            "plans[0].monthlyAllowance", "must not be negative, was '-5'"),
        arguments(catalog(PLAN.replace("'100'", "1000000001"), OPERATION, TOP_UPS),
            "plans[0].monthlyAllowance", "must be at most 1000000000"),
        arguments(catalog(PLAN.replace("'100'", "true"), OPERATION, TOP_UPS),
            "plans[0].monthlyAllowance", "must be a string or a number, was a boolean"),
        arguments(catalog(PLAN.replace("'100'", "''"), OPERATION, TOP_UPS),
            "plans[0].monthlyAllowance", "must be a non-negative decimal"),
        arguments(catalog(PLAN.replace("'monthlyPrice': '2990', ", ""), OPERATION, TOP_UPS),
            "plans[0].monthlyPrice", "is required"),
        arguments(catalog(PLAN.replace("'2990'", "'2,990'"), OPERATION, TOP_UPS),
            "plans[0].monthlyPrice", "must be a non-negative amount with at most 2 decimals"),
        arguments(catalog(PLAN.replace("'2990'", "2.99e3"), OPERATION, TOP_UPS),
            "plans[0].monthlyPrice", "must be a plain decimal without an exponent, was '2.99e3'"),
        arguments(catalog(PLAN + ", " + PLAN_2.replace("}", ", 'overagePrice': '-60'}"), OPERATION,
            TOP_UPS), "plans[1].overagePrice", "must not be negative, was '-60'"),
        arguments(catalog(PLAN + ", " + PLAN_2.replace("}", ", 'overagePrice': null}"), OPERATION,
            TOP_UPS), "plans[1].overagePrice", "must be a string or a number, was null"),
        arguments(catalog(PLAN + ", " + PLAN_2.replace("}", ", 'overagePrice': '60.001'}"),
            OPERATION, TOP_UPS), "plans[1].overagePrice", "at most 2 decimals, was '60.001'"),
        arguments(catalog(PLAN.replace("'CONSENT'", "'auto'"), OPERATION, TOP_UPS),
            "plans[0].overagePolicy",
            "unknown overage policy 'auto'; expected BLOCK, CONSENT or AUTO"),
        arguments(catalog(PLAN.replace(", 'overagePolicy': 'CONSENT'", ""), OPERATION, TOP_UPS),
            "plans[0].overagePolicy", "is required"),
        arguments(catalog(PLAN.replace("}", ", 'features': 'leadScoring'}"), OPERATION, TOP_UPS),
            "plans[0].features", "must be an array, was a string"),
        arguments(catalog(PLAN.replace("}", ", 'features': ['a', 'b', 'a']}"), OPERATION,
            TOP_UPS), "plans[0].features[2]", "'a' is already listed at plans[0].features[0]"),
        arguments(catalog(PLAN.replace("}", ", 'features': [1]}"), OPERATION, TOP_UPS),
            "plans[0].features[0]", "must be a string, was a number"),
        arguments(catalog(PLAN.replace("}", ", 'allFeatures': 'true'}"), OPERATION, TOP_UPS),
            "plans[0].allFeatures", "must be true or false, was a string"),
        // operations
        arguments(catalog(PLAN, "[]", TOP_UPS), "operations[0]", "must be an object, was an array"),
        arguments(catalog(PLAN, "{'rate': '1'}", TOP_UPS), "operations[0].id", "is required"),
        arguments(catalog(PLAN, "{'id': 'X'}", TOP_UPS), "operations[0].rate", "is required"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': 1e400}", TOP_UPS), "operations[0].rate",
            "must be a plain decimal without an exponent, was '1e400'"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': '2E-1'}", TOP_UPS), "operations[0].rate",
            "must be a plain decimal without an exponent"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': -0.2}", TOP_UPS), "operations[0].rate",
            "must not be negative, was '-0.2'"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': 0.0001}", TOP_UPS), "operations[0].rate",
            "at most three fraction digits, was '0.0001'"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': '0.2.1'}", TOP_UPS), "operations[0].rate",
            "at most three fraction digits, was '0.2.1'"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': ['0.2']}", TOP_UPS), "operations[0].rate",
            "must be a string or a number, was an array"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': '1', 'repeatScanEligible': 1}", TOP_UPS),
            "operations[0].repeatScanEligible", "must be true or false, was a number"),
        arguments(catalog(PLAN, "{'id': 'X', 'rate': '1', 'alias': ['x']}", TOP_UPS),
            "operations[0].alias", "is not a known key; expected one of id, rate,"
            + " repeatScanEligible, aliases"),
        arguments(catalog(PLAN, OPERATION + ", " + OPERATION, TOP_UPS), "operations[1].id",
            "operation 'QUICK_SCAN' is already defined at operations[0]"),
        arguments(catalog(PLAN, "{'id': 'A', 'rate': '1', 'aliases': ['a', 'a']}", TOP_UPS),
            "operations[0].aliases[1]", "'a' is already listed at operations[0].aliases[0]"),
        arguments(catalog(PLAN, "{'id': 'A', 'rate': '1', 'aliases': ['x']},"
                + " {'id': 'B', 'rate': '1', 'aliases': ['y', 'x']}", TOP_UPS),
            "operations[1].aliases[1]",
            "'x' is already an alias of the operation at operations[0]"),
        arguments(catalog(PLAN, "{'id': 'A', 'rate': '1', 'aliases': ['B']},"
                + " {'id': 'B', 'rate': '1'}", TOP_UPS),
            "operations[0].aliases[0]", "'B' is the id of the operation at operations[1]"),
        arguments(catalog(PLAN, "{'id': 'A', 'rate': '1', 'aliases': ['']}", TOP_UPS),
            "operations[0].aliases[0]", "must not be blank"),
        // top-ups
        arguments(catalog(PLAN, OPERATION, "[]"), "topUps", "must be an object, was an array"),
        arguments(catalog(PLAN, OPERATION, "{'minUnits': 1, 'maxUnits': 2}"), "topUps.perUnit",
            "is required"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("'48'", "'48.123'")), "topUps.perUnit",
            "at most 2 decimals"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("'minUnits': 1", "'minUnits': 0")),
            "topUps.minUnits", "must be at least 1, was 0"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("'minUnits': 1", "'minUnits': 1.5")),
            "topUps.minUnits", "must be a whole number of at most 10 digits, was '1.5'"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("'minUnits': 1", "'minUnits': -1")),
            "topUps.minUnits", "must not be negative, was '-1'"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("'minUnits': 1, ", "")),
            "topUps.minUnits", "is required"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("100000", "1000000001")),
            "topUps.maxUnits", "must be at most 1000000000, was 1000000001"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("100000", "99999999999")),
            "topUps.maxUnits", "must be a whole number of at most 10 digits"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("'minUnits': 1", "'minUnits': 10")
            .replace("100000", "9")), "topUps.maxUnits", "must be at least minUnits (10), was 9"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("}", ", 'packs': {}}")),
            "topUps.packs", "must be an array, was an object"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("}",
                ", 'packs': [{'name': 'p', 'units': '0', 'price': '1'}]}")),
            "topUps.packs[0].units", "must be more than zero"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("}",
                ", 'packs': [{'name': 'p', 'units': '1'}]}")),
            "topUps.packs[0].price", "is required"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("}",
                ", 'packs': [{'name': 'p', 'units': '1', 'price': '1', 'colour': 'red'}]}")),
            "topUps.packs[0].colour", "is not a known key; expected one of name, units, price, validFor"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("}",
                ", 'packs': [{'name': 'p', 'units': '1', 'price': '1'},"
                    + " {'name': 'p', 'units': '2', 'price': '2'}]}")),
            "topUps.packs[1].name", "pack 'p' is already defined at topUps.packs[0]"),
        arguments(catalog(PLAN, OPERATION, TOP_UPS.replace("}", ", 'pack': []}")),
            "topUps.pack", "is not a known key"));
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("badCatalogs")
  void fromJson_badValue_namesItsPathAndReason(String json, String field, String reason) {
    assertInvalid(() -> read(json), field, reason);
  }

  @Test
  void fromJson_misspeltKey_isReportedBeforeTheMissingOne() {
    String json = catalog(PLAN.replace("'overagePolicy'", "'overagepolicy'"), OPERATION, TOP_UPS);

    assertInvalid(() -> read(json), "plans[0].overagepolicy", "is not a known key");
  }

  @Test
  void fromJson_errorMessage_startsWithThePath() {
    String json = catalog(PLAN, "{'id': 'X', 'rate': -1}", TOP_UPS);

    assertThatThrownBy(() -> read(json))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("operations[0].rate: must not be negative, was '-1'");
  }

  // ---- helpers ----

  private static void assertSameCatalog(QuotaCatalog actual, QuotaCatalog expected) {
    assertThat(actual.currency()).isEqualTo(expected.currency());
    assertThat(actual.plans()).hasSameSizeAs(expected.plans());
    for (int i = 0; i < expected.plans().size(); i++) {
      Plan a = actual.plans().get(i);
      Plan e = expected.plans().get(i);
      assertThat(a.id()).isEqualTo(e.id());
      assertThat(a.displayName()).as(e.id() + " name").isEqualTo(e.displayName());
      assertThat(a.allowance()).as(e.id() + " allowance").isEqualTo(e.allowance());
      assertThat(a.monthlyPrice()).as(e.id() + " monthlyPrice").isEqualTo(e.monthlyPrice());
      assertThat(a.overagePrice()).as(e.id() + " overagePrice").isEqualTo(e.overagePrice());
      assertThat(a.defaultPolicy()).as(e.id() + " policy").isEqualTo(e.defaultPolicy());
      assertThat(a.features()).as(e.id() + " features").isEqualTo(e.features());
      assertThat(a.allFeatures()).as(e.id() + " allFeatures").isEqualTo(e.allFeatures());
    }
    assertThat(actual.plans()).isEqualTo(expected.plans());
    assertThat(byId(actual)).isEqualTo(byId(expected));
    for (Operation op : expected.operations()) {
      for (String alias : op.aliases()) {
        assertThat(actual.operation(alias)).as("alias " + alias).contains(op);
      }
    }
    TopUpPricing a = actual.topUps();
    TopUpPricing e = expected.topUps();
    assertThat(a.perUnit()).isEqualTo(e.perUnit());
    assertThat(a.minUnits()).isEqualTo(e.minUnits());
    assertThat(a.maxUnits()).isEqualTo(e.maxUnits());
    assertThat(a.packs()).isEqualTo(e.packs());
  }

  private static Map<OperationId, Operation> byId(QuotaCatalog catalog) {
    return catalog.operations().stream()
        .collect(Collectors.toMap(Operation::id, Function.identity()));
  }

  private static void assertInvalid(ThrowingCallable call, String field, String reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.reason()).contains(reason);
    });
  }

  /** A catalog document from JSON fragments written with single quotes. */
  private static String catalog(String plans, String operations, String topUps) {
    return q("{'plans': [" + plans + "], 'operations': [" + operations + "], 'topUps': " + topUps
        + "}");
  }

  private static QuotaCatalog read(String json) throws IOException {
    return QuotaCatalog.fromJson(new StringReader(q(json)));
  }

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
