package com.bnaura.quota.examples.clinic;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.LogicalType;

/**
 * The bounds every JSON request body is read with, as a Jackson module: each string field has a
 * longest length, each array a largest size, and each decimal at most {@value #MAX_NUMBER_LENGTH}
 * characters and a scale (digits after the point, or zeros an exponent implies) of at most {@value
 * #MAX_DECIMAL_SCALE} either way. The bounds are
 * checked on values the parser has already limited in length, so no input costs more than its
 * bytes: {@code 1e1000000000} is refused from its scale before any arithmetic or printing.
 *
 * <p>A value out of bounds is a {@link OutOfBounds} the error handler turns into a 400 {@code
 * INVALID_ARGUMENT} naming the field and the bound, without echoing the value.
 */
final class BoundedJson {

  /** The longest string of any field not listed in {@link #LONGER_STRINGS}: ids, names of plans. */
  static final int MAX_STRING_LENGTH = 64;

  /**
   * Fields that may be longer: the customer's name (shown to the analyzer, never stored) and the
   * keys and customer references, which the quota engine accepts up to 255 characters.
   */
  static final Map<String, Integer> LONGER_STRINGS = Map.of(
      "name", 200,
      "requestId", 255,
      "customerId", 255,
      "customerRef", 255);

  /** The largest array of any field ({@code volumeLoss} has a handful of values). */
  static final int MAX_ARRAY_LENGTH = 32;

  /** The longest decimal number, in characters: far more than any count, unit or amount has. */
  static final int MAX_NUMBER_LENGTH = 32;

  /** The largest scale, either way, of a decimal number ({@code 0.5}, {@code 1e3}). */
  static final int MAX_DECIMAL_SCALE = 18;

  private BoundedJson() {}

  /** The module: bounded strings, decimals and collections. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("clinic-bounded-json");
    module.addDeserializer(String.class, new BoundedString(MAX_STRING_LENGTH));
    module.addDeserializer(BigDecimal.class, new BoundedDecimal());
    module.setDeserializerModifier(new ValueDeserializerModifier() {
      private static final long serialVersionUID = 1L;

      @Override
      public ValueDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config,
          CollectionType type, BeanDescription.Supplier beanDesc,
          ValueDeserializer<?> deserializer) {
        return new BoundedCollection(deserializer);
      }
    });
    return module;
  }

  /** The longest string the field may hold. */
  static int maxLength(String field) {
    return field == null ? MAX_STRING_LENGTH
        : LONGER_STRINGS.getOrDefault(field, MAX_STRING_LENGTH);
  }

  /** A value outside a bound; the message says which bound, never the value. */
  static final class OutOfBounds extends MismatchedInputException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final transient Object[] bounds;

    /**
     * The bound of {@code key} ({@code error.body.*} of {@link ErrorText}, whose first argument is
     * the field) with the bound's figures.
     */
    OutOfBounds(JsonParser p, Class<?> type, String key, Object... bounds) {
      super(p, ErrorText.of(key, prepend("", bounds)).english().trim(), type);
      this.key = key;
      this.bounds = bounds.clone();
    }

    /** What the bound says of {@code field}, in any of the app's languages. */
    ErrorText text(String field) {
      return ErrorText.of(key, prepend(field, bounds));
    }

    private static Object[] prepend(String field, Object[] bounds) {
      Object[] args = new Object[bounds.length + 1];
      args[0] = field;
      System.arraycopy(bounds, 0, args, 1, bounds.length);
      return args;
    }
  }

  /** A JSON string, and nothing else, of at most the field's length. */
  static final class BoundedString extends StdScalarDeserializer<String> {
    private static final long serialVersionUID = 1L;
    private final int max;

    BoundedString(int max) {
      super(String.class);
      this.max = max;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext ctxt,
        BeanProperty property) {
      int limit = maxLength(property == null ? null : property.getName());
      return limit == max ? this : new BoundedString(limit);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        throw new OutOfBounds(p, String.class, "error.body.string");
      }
      if (p.getStringLength() > max) {
        throw new OutOfBounds(p, String.class, "error.body.max_length", max);
      }
      return p.getString();
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }
  }

  /** A JSON number, and nothing else, whose scale is within {@link #MAX_DECIMAL_SCALE}. */
  static final class BoundedDecimal extends StdScalarDeserializer<BigDecimal> {
    private static final long serialVersionUID = 1L;

    BoundedDecimal() {
      super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        throw new OutOfBounds(p, BigDecimal.class, "error.body.number");
      }
      if (p.getStringLength() > MAX_NUMBER_LENGTH) {
        throw new OutOfBounds(p, BigDecimal.class, "error.body.number_chars", MAX_NUMBER_LENGTH);
      }
      // new BigDecimal of at most MAX_NUMBER_LENGTH characters is cheap, and the scale is read
      // before anything else touches the value.
      BigDecimal value = p.getDecimalValue();
      if (Math.abs((long) value.scale()) > MAX_DECIMAL_SCALE) {
        throw new OutOfBounds(p, BigDecimal.class, "error.body.decimal", MAX_DECIMAL_SCALE);
      }
      return value;
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Float;
    }
  }

  /** Any collection, of at most {@link #MAX_ARRAY_LENGTH} elements. */
  static final class BoundedCollection extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    BoundedCollection(ValueDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
      return new BoundedCollection(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
      // The elements are already bounded in number by the body size; counting them after the
      // read keeps the delegate's own handling of every element type.
      Object value = super.deserialize(p, ctxt);
      if (value instanceof Collection<?> c && c.size() > MAX_ARRAY_LENGTH) {
        throw new OutOfBounds(p, Collection.class, "error.body.elements", MAX_ARRAY_LENGTH);
      }
      return value;
    }
  }
}
