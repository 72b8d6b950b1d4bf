package com.bnaura.quota.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value read by {@link JsonParser}: an object, an array, a string, a number, a boolean or null.
 * Numbers keep their exact source text; they are never turned into a {@code double}.
 */
sealed interface JsonValue {
  // The nested records are implicitly public (interface members); the interface keeps them internal.

  /** How an error message names this kind of value, e.g. {@code "an array"}. */
  String kind();

  /** An object; its members keep their document order and keys are unique. */
  record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
      members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    @Override
    public String kind() {
      return "an object";
    }
  }

  /** An array. */
  record JsonArray(List<JsonValue> elements) implements JsonValue {
    public JsonArray {
      elements = List.copyOf(elements);
    }

    @Override
    public String kind() {
      return "an array";
    }
  }

  /** A string, with every escape already decoded. */
  record JsonString(String value) implements JsonValue {
    public JsonString {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String kind() {
      return "a string";
    }
  }

  /** A number as written in the document, e.g. {@code -0.50} or {@code 1e400}. */
  record JsonNumber(String text) implements JsonValue {
    public JsonNumber {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String kind() {
      return "a number";
    }
  }

  /** {@code true} or {@code false}. */
  record JsonBoolean(boolean value) implements JsonValue {
    static final JsonBoolean TRUE = new JsonBoolean(true);
    static final JsonBoolean FALSE = new JsonBoolean(false);

    @Override
    public String kind() {
      return "a boolean";
    }
  }

  /** {@code null}. */
  record JsonNull() implements JsonValue {
    static final JsonNull INSTANCE = new JsonNull();

    @Override
    public String kind() {
      return "null";
    }
  }
}
