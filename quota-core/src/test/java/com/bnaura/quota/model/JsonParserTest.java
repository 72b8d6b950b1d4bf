package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.JsonValue.JsonArray;
import com.bnaura.quota.model.JsonValue.JsonBoolean;
import com.bnaura.quota.model.JsonValue.JsonNull;
import com.bnaura.quota.model.JsonValue.JsonNumber;
import com.bnaura.quota.model.JsonValue.JsonObject;
import com.bnaura.quota.model.JsonValue.JsonString;
import com.bnaura.quota.model.InvalidArgumentException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class JsonParserTest {

  // ---- values ----

  @Test
  void parse_objectWithEveryKindOfValue() {
    String json = "{\"s\": \"x\", \"n\": 12, \"t\": true, \"f\": false, \"z\": null,"
        + " \"a\": [1, \"2\", []], \"o\": {}}";

    JsonValue value = JsonParser.parse(json);

    assertThat(value).isEqualTo(new JsonObject(Map.of(
        "s", new JsonString("x"),
        "n", new JsonNumber("12"),
        "t", JsonBoolean.TRUE,
        "f", JsonBoolean.FALSE,
        "z", JsonNull.INSTANCE,
        "a", new JsonArray(List.of(new JsonNumber("1"), new JsonString("2"),
            new JsonArray(List.of()))),
        "o", new JsonObject(Map.of()))));
  }

  @Test
  void parse_keepsMemberOrder() {
    JsonObject object = (JsonObject) JsonParser.parse("{\"b\": 1, \"a\": 2, \"c\": 3}");

    assertThat(object.members().keySet()).containsExactly("b", "a", "c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "0.1", "1.50", "-12.000", "1e400", "2E-3", "1.5e+10",
      "123456789012345678901234567890.123456789012345678901234567890"})
  void parse_number_keepsItsExactText(String text) {
    JsonValue value = JsonParser.parse(text);

    assertThat(value).isEqualTo(new JsonNumber(text));
  }

  @Test
  void parse_scalarAtTopLevel() {
    assertThat(JsonParser.parse(" \"x\" ")).isEqualTo(new JsonString("x"));
    assertThat(JsonParser.parse("true")).isEqualTo(JsonBoolean.TRUE);
    assertThat(JsonParser.parse("null")).isEqualTo(JsonNull.INSTANCE);
  }

  @Test
  void parse_allowsEveryJsonWhitespace() {
    JsonValue value = JsonParser.parse(" \t\r\n[ 1 ,\t2\r\n]\n");

    assertThat(value).isEqualTo(new JsonArray(List.of(new JsonNumber("1"), new JsonNumber("2"))));
  }

  @Test
  void parse_skipsLeadingByteOrderMark() {
    JsonValue value = JsonParser.parse("\uFEFF{\"a\": 1}");

    assertThat(value).isEqualTo(new JsonObject(Map.of("a", new JsonNumber("1"))));
  }

  @Test
  void parse_reader_readsToTheEnd() throws IOException {
    String big = "[" + "\"abcdefghij\",".repeat(2000) + "0]";
    Reader reader = new StringReader(big);

    JsonArray array = (JsonArray) JsonParser.parse(reader);

    assertThat(array.elements()).hasSize(2001);
  }

  // ---- strings ----

  @Test
  void parse_string_decodesEverySimpleEscape() {
    JsonValue value = JsonParser.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"");

    assertThat(value).isEqualTo(new JsonString("\" \\ / \b \f \n \r \t"));
  }

  @Test
  void parse_string_decodesUnicodeEscapesInEitherCase() {
    JsonValue value = JsonParser.parse("\"\\u0041\\u00e9\\u00E9\\u0E01\\u0000\"");

    assertThat(value).isEqualTo(new JsonString("Aéé\u0E01\u0000"));
  }

  @Test
  void parse_string_joinsAnEscapedSurrogatePair() {
    JsonValue value = JsonParser.parse("\"\\uD83D\\uDE00\"");

    assertThat(value).isEqualTo(new JsonString("😀"));
    assertThat(((JsonString) value).value().codePointAt(0)).isEqualTo(0x1F600);
  }

  @Test
  void parse_string_keepsRawNonAsciiText() {
    JsonValue value = JsonParser.parse("\"คลินิก 😀 é\"");

    assertThat(value).isEqualTo(new JsonString("คลินิก 😀 é"));
  }

  @Test
  void parse_string_loneHighSurrogate_isRejected() {
    assertJsonError("\"a\\uD83Db\"").isEqualTo("lone surrogate in string at 1:3");
    assertJsonError("\"\\uD83D\"").isEqualTo("lone surrogate in string at 1:2");
    assertJsonError("\"\\uD83D\\uD83D\\uDE00\"").isEqualTo("lone surrogate in string at 1:2");
  }

  @Test
  void parse_string_loneLowSurrogate_isRejected() {
    assertJsonError("\"ab\\uDE00\"").isEqualTo("lone surrogate in string at 1:4");
  }

  @Test
  void parse_string_rawLoneSurrogate_isRejected() {
    assertJsonError("\"a\uD83D\"").isEqualTo("lone surrogate in string at 1:3");
  }

  @Test
  void parse_string_invalidEscape_isRejected() {
    assertJsonError("\"a\\x\"").isEqualTo("invalid escape '\\x' at 1:3");
    assertJsonError("\"\\'\"").isEqualTo("invalid escape '\\'' at 1:2");
  }

  @Test
  void parse_string_shortOrNonHexUnicodeEscape_isRejected() {
    assertJsonError("\"\\u12\"").isEqualTo("\\u must be followed by four hex digits at 1:2");
    assertJsonError("\"\\u12G4\"").isEqualTo("\\u must be followed by four hex digits at 1:2");
    // Arabic-Indic digits are digits to Character.digit, but not hex digits to JSON
    assertJsonError("\"\\u\u0661\u0662\u0663\u0664\"")
        .isEqualTo("\\u must be followed by four hex digits at 1:2");
  }

  @Test
  void parse_string_unescapedControlCharacter_isRejected() {
    assertJsonError("\"a\nb\"").isEqualTo("unescaped control character U+000A in string at 1:3");
    assertJsonError("\"\t\"").isEqualTo("unescaped control character U+0009 in string at 1:2");
  }

  @Test
  void parse_string_unterminated_isRejected() {
    assertJsonError("{\"a\": \"bc").isEqualTo("unterminated string at 1:7");
    assertJsonError("\"ab\\").isEqualTo("unterminated string at 1:4");
  }

  // ---- numbers ----

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "[1, NaN]"})
  void parse_nanAndInfinity_areRejected(String json) {
    assertJsonError(json).startsWith("NaN and Infinity are not JSON numbers at ");
  }

  @Test
  void parse_malformedNumbers_areRejected() {
    assertJsonError("01").isEqualTo("numbers must not have leading zeros at 1:1");
    assertJsonError("-01").isEqualTo("numbers must not have leading zeros at 1:1");
    assertJsonError("1.")
        .isEqualTo("expected a digit after the decimal point but found end of input at 1:3");
    assertJsonError("1.e5")
        .isEqualTo("expected a digit after the decimal point but found 'e' at 1:3");
    assertJsonError("1e")
        .isEqualTo("expected a digit in the exponent but found end of input at 1:3");
    assertJsonError("1e+")
        .isEqualTo("expected a digit in the exponent but found end of input at 1:4");
    assertJsonError("-").isEqualTo("expected a digit but found end of input at 1:2");
    assertJsonError("-x").isEqualTo("expected a digit but found 'x' at 1:2");
    assertJsonError(".5").isEqualTo("unexpected '.', expected a value at 1:1");
    assertJsonError("+1").isEqualTo("unexpected '+', expected a value at 1:1");
    assertJsonError("0x10").isEqualTo("unexpected 'x' after the end of the JSON value at 1:2");
  }

  // ---- structure ----

  @Test
  void parse_trailingComma_isRejected() {
    assertJsonError("[1, 2,]").isEqualTo("trailing comma before ']' at 1:7");
    assertJsonError("{\"a\": 1,\n}").isEqualTo("trailing comma before '}' at 2:1");
  }

  @Test
  void parse_duplicateKey_isRejected() {
    assertJsonError("{\"a\": 1, \"b\": 2, \"a\": 3}").isEqualTo("duplicate key \"a\" at 1:18");
  }

  @Test
  void parse_duplicateKeySpelledWithAnEscape_isRejected() {
    assertJsonError("{\"a\": 1, \"\\u0061\": 2}").isEqualTo("duplicate key \"a\" at 1:10");
  }

  @Test
  void parse_sameKeyInDifferentObjects_isAllowed() {
    JsonValue value = JsonParser.parse("[{\"a\": 1}, {\"a\": 2}]");

    assertThat(((JsonArray) value).elements()).hasSize(2);
  }

  @Test
  void parse_nesting64Deep_isAccepted() {
    String json = "[".repeat(32) + "{\"k\": " .repeat(32) + "1" + "}".repeat(32) + "]".repeat(32);

    JsonValue value = JsonParser.parse(json);

    assertThat(value).isInstanceOf(JsonArray.class);
    assertThat(JsonParser.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(JsonArray.class);
  }

  @Test
  void parse_nesting65Deep_isRejected() {
    assertJsonError("[".repeat(65) + "]".repeat(65))
        .isEqualTo("arrays and objects are nested deeper than 64 at 1:65");
    assertJsonError("{\"k\": ".repeat(65) + "1" + "}".repeat(65))
        .isEqualTo("arrays and objects are nested deeper than 64 at 1:" + (64 * 6 + 1));
  }

  @Test
  void parse_veryDeepNesting_failsCleanlyWithoutStackOverflow() {
    assertJsonError("[".repeat(100_000)).startsWith("arrays and objects are nested deeper than 64");
  }

  @Test
  void parse_trailingContent_isRejected() {
    assertJsonError("{} x").isEqualTo("unexpected 'x' after the end of the JSON value at 1:4");
    assertJsonError("{}}").isEqualTo("unexpected '}' after the end of the JSON value at 1:3");
    assertJsonError("1 2").isEqualTo("unexpected '2' after the end of the JSON value at 1:3");
    assertJsonError("[]\n\n  //")
        .isEqualTo("unexpected '/' after the end of the JSON value at 3:3");
  }

  @Test
  void parse_emptyInput_isRejected() {
    assertJsonError("").isEqualTo("unexpected end of input, expected a value at 1:1");
    assertJsonError("  \n ").isEqualTo("unexpected end of input, expected a value at 2:2");
  }

  @Test
  void parse_unclosedContainers_areRejected() {
    assertJsonError("[1, 2").isEqualTo("expected ',' or ']' but found end of input at 1:6");
    assertJsonError("{\"a\": 1").isEqualTo("expected ',' or '}' but found end of input at 1:8");
    assertJsonError("{").isEqualTo("expected a string key but found end of input at 1:2");
    assertJsonError("[").isEqualTo("unexpected end of input, expected a value at 1:2");
  }

  @Test
  void parse_malformedObjects_areRejected() {
    assertJsonError("{a: 1}").isEqualTo("expected a string key but found 'a' at 1:2");
    assertJsonError("{\"a\" 1}").isEqualTo("expected ':' after the key but found '1' at 1:6");
    assertJsonError("{\"a\": 1 \"b\": 2}").isEqualTo("expected ',' or '}' but found '\"' at 1:9");
    assertJsonError("{,}").isEqualTo("expected a string key but found ',' at 1:2");
    assertJsonError("[1 2]").isEqualTo("expected ',' or ']' but found '2' at 1:4");
    assertJsonError("[,1]").isEqualTo("unexpected ',', expected a value at 1:2");
  }

  @Test
  void parse_misspeltLiterals_areRejected() {
    assertJsonError("tru").isEqualTo("invalid literal, expected 'true' at 1:1");
    assertJsonError("[nul]").isEqualTo("invalid literal, expected 'null' at 1:2");
    assertJsonError("True").isEqualTo("unexpected 'T', expected a value at 1:1");
    assertJsonError("falsey").isEqualTo("unexpected 'y' after the end of the JSON value at 1:6");
  }

  @Test
  void parse_nonJsonWhitespace_isRejected() {
    assertJsonError("\u00A0{}").isEqualTo("unexpected '\u00A0', expected a value at 1:1");
    assertJsonError("{}\f").isEqualTo("unexpected U+000C after the end of the JSON value at 1:3");
  }

  // ---- positions ----

  @Test
  void error_givesLineAndColumn() {
    assertJsonError("{\n  \"a\": tru\n}").isEqualTo("invalid literal, expected 'true' at 2:8");
  }

  @Test
  void error_countsCrLfAndLoneCrAsOneLineBreakEach() {
    assertJsonError("[\r\n1,\r2,\n\r\n x]").isEqualTo("unexpected 'x', expected a value at 5:2");
  }

  @Test
  void error_countsColumnsInCodePoints() {
    assertJsonError("[\"😀😀\", x]").isEqualTo("unexpected 'x', expected a value at 1:8");
  }

  @Test
  void error_columnIgnoresByteOrderMark() {
    assertJsonError("\uFEFFx").isEqualTo("unexpected 'x', expected a value at 1:1");
  }

  @Test
  void error_namesTheJsonField() {
    assertThatThrownBy(() -> JsonParser.parse("["))
        .isInstanceOfSatisfying(InvalidArgumentException.class,
            e -> assertThat(e.field()).isEqualTo("json"));
  }

  private static AbstractStringAssert<?> assertJsonError(String json) {
    try {
      JsonParser.parse(json);
    } catch (InvalidArgumentException e) {
      assertThat(e.field()).isEqualTo("json");
      return assertThat(e.reason());
    }
    throw new AssertionError("expected " + json + " to be rejected");
  }
}
