package com.bnaura.quota.model;

import com.bnaura.quota.model.JsonValue.JsonArray;
import com.bnaura.quota.model.JsonValue.JsonBoolean;
import com.bnaura.quota.model.JsonValue.JsonNull;
import com.bnaura.quota.model.JsonValue.JsonNumber;
import com.bnaura.quota.model.JsonValue.JsonObject;
import com.bnaura.quota.model.JsonValue.JsonString;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser for small configuration documents.
 *
 * <p>It accepts exactly one value (of any type) surrounded by optional whitespace and an optional
 * leading byte-order mark. It rejects trailing content, trailing commas, duplicate keys (compared
 * after escapes are decoded), lone surrogates, unescaped control characters, {@code NaN} and
 * {@code Infinity}, leading zeros, and nesting of arrays and objects deeper than
 * {@link #MAX_DEPTH}.
 * Numbers are kept as their source text. Every error is an {@link InvalidArgumentException} naming
 * the field {@code json}, whose reason ends with the 1-based {@code line:column} of the fault
 * (columns count code points; CR, LF and CRLF each end a line).
 */
final class JsonParser {
  /** The deepest nesting of arrays and objects accepted. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;
  private int depth;

  private JsonParser(String text) {
    this.text = text;
  }

  /** Reads {@code reader} to its end and parses it; the reader is not closed. */
  static JsonValue parse(Reader reader) throws IOException {
    StringBuilder all = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n; (n = reader.read(buffer)) != -1; ) {
      all.append(buffer, 0, n);
    }
    return parse(all.toString());
  }

  /** Parses one JSON document. */
  static JsonValue parse(String json) {
    String body = json.startsWith("\uFEFF") ? json.substring(1) : json;
    JsonParser parser = new JsonParser(body);
    parser.skipWhitespace();
    JsonValue value = parser.value();
    parser.skipWhitespace();
    if (parser.pos < body.length()) {
      throw parser.error(parser.pos, "unexpected " + parser.found(parser.pos)
          + " after the end of the JSON value");
    }
    return value;
  }

  private JsonValue value() {
    if (pos >= text.length()) {
      throw error(pos, "unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return new JsonString(string());
      case 't':
        literal("true");
        return JsonBoolean.TRUE;
      case 'f':
        literal("false");
        return JsonBoolean.FALSE;
      case 'n':
        literal("null");
        return JsonNull.INSTANCE;
      default:
        if (text.startsWith("NaN", pos) || text.startsWith("Infinity", pos)
            || text.startsWith("-Infinity", pos)) {
          throw error(pos, "NaN and Infinity are not JSON numbers");
        }
        if (c == '-' || isDigit(c)) {
          return number();
        }
        throw error(pos, "unexpected " + found(pos) + ", expected a value");
    }
  }

  private JsonObject object() {
    enter();
    pos++; // '{'
    Map<String, JsonValue> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return new JsonObject(members);
    }
    while (true) {
      if (peek() != '"') {
        throw error(pos, members.isEmpty() || peek() != '}'
            ? "expected a string key but found " + found(pos)
            : "trailing comma before '}'");
      }
      int keyAt = pos;
      String key = string();
      if (members.containsKey(key)) {
        throw error(keyAt, "duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      if (peek() != ':') {
        throw error(pos, "expected ':' after the key but found " + found(pos));
      }
      pos++;
      skipWhitespace();
      members.put(key, value());
      skipWhitespace();
      char next = peek();
      pos++;
      if (next == '}') {
        depth--;
        return new JsonObject(members);
      }
      if (next != ',') {
        throw error(pos - 1, "expected ',' or '}' but found " + found(pos - 1));
      }
      skipWhitespace();
    }
  }

  private JsonArray array() {
    enter();
    pos++; // '['
    List<JsonValue> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return new JsonArray(elements);
    }
    while (true) {
      if (peek() == ']' && !elements.isEmpty()) {
        throw error(pos, "trailing comma before ']'");
      }
      elements.add(value());
      skipWhitespace();
      char next = peek();
      pos++;
      if (next == ']') {
        depth--;
        return new JsonArray(elements);
      }
      if (next != ',') {
        throw error(pos - 1, "expected ',' or ']' but found " + found(pos - 1));
      }
      skipWhitespace();
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error(pos, "arrays and objects are nested deeper than " + MAX_DEPTH);
    }
  }

  private String string() {
    int start = pos;
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    int pendingHighAt = -1; // where an unpaired high surrogate started, or -1
    while (true) {
      if (pos >= text.length()) {
        throw error(start, "unterminated string");
      }
      int unitAt = pos;
      char c = text.charAt(pos);
      char unit;
      if (c == '"') {
        if (pendingHighAt >= 0) {
          throw error(pendingHighAt, "lone surrogate in string");
        }
        pos++;
        return out.toString();
      } else if (c == '\\') {
        unit = escape();
      } else if (c < 0x20) {
        throw error(pos, "unescaped control character " + found(pos) + " in string");
      } else {
        unit = c;
        pos++;
      }
      // A surrogate pair may be written raw or as two \\u escapes; either half alone is an error.
      if (pendingHighAt >= 0) {
        if (!Character.isLowSurrogate(unit)) {
          throw error(pendingHighAt, "lone surrogate in string");
        }
        pendingHighAt = -1;
      } else if (Character.isHighSurrogate(unit)) {
        pendingHighAt = unitAt;
      } else if (Character.isLowSurrogate(unit)) {
        throw error(unitAt, "lone surrogate in string");
      }
      out.append(unit);
    }
  }

  private char escape() {
    int at = pos;
    pos++; // backslash
    if (pos >= text.length()) {
      throw error(at, "unterminated string");
    }
    char c = text.charAt(pos++);
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        int code = 0;
        for (int i = 0; i < 4; i++) {
          int digit = hexDigit(peek());
          if (digit < 0) {
            throw error(at, "\\u must be followed by four hex digits");
          }
          code = code * 16 + digit;
          pos++;
        }
        return (char) code;
      }
      default:
        String escaped = new String(Character.toChars(text.codePointAt(pos - 1)));
        throw error(at, "invalid escape '\\" + escaped + "'");
    }
  }

  private JsonNumber number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error(start, "numbers must not have leading zeros");
      }
    } else if (isDigit(peek())) {
      skipDigits();
    } else {
      throw error(pos, "expected a digit but found " + found(pos));
    }
    if (peek() == '.') {
      pos++;
      requireDigits("after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      requireDigits("in the exponent");
    }
    return new JsonNumber(text.substring(start, pos));
  }

  private void requireDigits(String where) {
    if (!isDigit(peek())) {
      throw error(pos, "expected a digit " + where + " but found " + found(pos));
    }
    skipDigits();
  }

  private void skipDigits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error(pos, "invalid literal, expected '" + word + "'");
    }
    pos += word.length();
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** The character at {@code pos}, or NUL at the end (NUL is never valid outside a string). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private String found(int at) {
    if (at >= text.length()) {
      return "end of input";
    }
    int cp = text.codePointAt(at);
    boolean loneSurrogate = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    if (Character.isISOControl(cp) || loneSurrogate) {
      return String.format("U+%04X", cp);
    }
    return "'" + new String(Character.toChars(cp)) + "'";
  }

  private InvalidArgumentException error(int at, String message) {
    int line = 1;
    int column = 1;
    int i = 0;
    while (i < at && i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
      i += Character.charCount(text.codePointAt(i));
    }
    return new InvalidArgumentException("json", message + " at " + line + ":" + column);
  }
}
