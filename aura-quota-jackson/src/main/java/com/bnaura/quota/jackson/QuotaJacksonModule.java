package com.bnaura.quota.jackson;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.util.Currency;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * A Jackson 3 module that writes and reads the quota value types as JSON strings:
 * {@link Units} as {@code "0.200"} (three decimals), {@link Money} as {@code "THB 60.00"} (the
 * ISO 4217 code, a space and the amount with the currency's decimals), and {@link ClinicId},
 * {@link PlanId}, {@link OperationId}, {@link ReservationId}, {@link IdempotencyKey},
 * {@link UserId}, {@link CustomerRefHash} and {@link GrantId} as their value. The ids are their
 * value as map keys too (usage by operation, by user), read back through the same checks. A
 * {@link Deduction} is an object of its three buckets, {@code {"fromMonthly":"0.800","fromAddon":
 * "0.200","overage":"0.000"}}, with a {@code "grants"} array of {@code {"grant":..,"units":..}}
 * when it names the grants its add-on part came from, and nothing else. The library's other
 * records ({@code Statement}, {@code UsageStats}, {@code Receipt}, ...) need nothing of their own:
 * Jackson writes a record's components, and these types inside.
 *
 * <pre>{@code
 * JsonMapper mapper = JsonMapper.builder().addModule(new QuotaJacksonModule()).build();
 * mapper.writeValueAsString(Units.parse("0.2"));   // "0.200"
 * }</pre>
 *
 * <p>Reading accepts only a JSON string and applies the type's own checks, so a value read back is
 * one the library could have made; a refused string fails as Jackson's
 * {@code InvalidFormatException} with the type's reason. Strings are never turned into numbers on
 * the way: amounts stay exact.
 */
public final class QuotaJacksonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** A module for the value types listed on this class. */
  public QuotaJacksonModule() {
    super("aura-quota");
    add(Units.class, Units::toString, Units::parse);
    add(Money.class, Money::toString, QuotaJacksonModule::money);
    addId(ClinicId.class, ClinicId::value, ClinicId::of);
    addId(PlanId.class, PlanId::value, PlanId::of);
    addId(OperationId.class, OperationId::value, OperationId::of);
    addId(ReservationId.class, ReservationId::value, ReservationId::of);
    addId(IdempotencyKey.class, IdempotencyKey::value, IdempotencyKey::of);
    addId(UserId.class, UserId::value, UserId::of);
    addId(CustomerRefHash.class, CustomerRefHash::hex, CustomerRefHash::new);
    addId(GrantId.class, GrantId::value, GrantId::of);
    addSerializer(Deduction.class, new DeductionSerializer());
    addDeserializer(Deduction.class, new DeductionDeserializer());
  }

  private <T> void add(Class<T> type, Function<T, String> write, Function<String, T> read) {
    addSerializer(type, new AsString<>(type, write));
    addDeserializer(type, new FromString<>(type, read));
  }

  /** An id: a string as a value and as a map key. */
  private <T> void addId(Class<T> type, Function<T, String> write, Function<String, T> read) {
    add(type, write, read);
    addKeySerializer(type, new AsName<>(type, write));
    addKeyDeserializer(type, new FromName<>(type, read));
  }

  /** The form {@link Money#toString()} writes: {@code "THB 60.00"}. */
  private static Money money(String text) {
    int space = text.indexOf(' ');
    if (space != 3 || text.indexOf(' ', space + 1) >= 0) {
      throw new IllegalArgumentException(
          "must be a currency code, a space and an amount, e.g. \"THB 60.00\"");
    }
    Currency currency;
    try {
      currency = Currency.getInstance(text.substring(0, space));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown currency '" + text.substring(0, space) + "'", e);
    }
    return Money.of(text.substring(space + 1), currency);
  }

  private static final class AsString<T> extends StdSerializer<T> {
    private final Function<T, String> write;

    AsString(Class<T> type, Function<T, String> write) {
      super(type);
      this.write = write;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeString(write.apply(value));
    }
  }

  private static final class AsName<T> extends StdSerializer<T> {
    private final Function<T, String> write;

    AsName(Class<T> type, Function<T, String> write) {
      super(type);
      this.write = write;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeName(write.apply(value));
    }
  }

  private static final class FromName<T> extends KeyDeserializer {
    private final Class<T> type;
    private final Function<String, T> read;

    FromName(Class<T> type, Function<String, T> read) {
      this.type = type;
      this.read = read;
    }

    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) {
      try {
        return read.apply(key);
      } catch (IllegalArgumentException e) {
        throw ctxt.weirdKeyException(type, key, e.getMessage());
      }
    }
  }

  /** The three buckets of a deduction, as strings of units; its derived views are left out. */
  private static final class DeductionSerializer extends StdSerializer<Deduction> {
    DeductionSerializer() {
      super(Deduction.class);
    }

    @Override
    public void serialize(Deduction value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeStartObject(value);
      gen.writeStringProperty("fromMonthly", value.fromMonthly().toString());
      gen.writeStringProperty("fromAddon", value.fromAddon().toString());
      gen.writeStringProperty("overage", value.overage().toString());
      if (!value.grants().isEmpty()) {
        gen.writeArrayPropertyStart("grants");
        for (GrantPart part : value.grants()) {
          gen.writeStartObject();
          gen.writeStringProperty("grant", part.grant().value());
          gen.writeStringProperty("units", part.units().toString());
          gen.writeEndObject();
        }
        gen.writeEndArray();
      }
      gen.writeEndObject();
    }
  }

  /** What a written {@link Deduction} holds; {@code grants} is absent when it names none. */
  record DeductionForm(Units fromMonthly, Units fromAddon, Units overage, List<GrantPart> grants) {}

  private static final class DeductionDeserializer extends StdDeserializer<Deduction> {
    DeductionDeserializer() {
      super(Deduction.class);
    }

    @Override
    public Deduction deserialize(JsonParser p, DeserializationContext ctxt) {
      DeductionForm form = ctxt.readValue(p, DeductionForm.class);
      if (form.fromMonthly() == null || form.fromAddon() == null || form.overage() == null) {
        throw ctxt.weirdStringException(String.valueOf(form), Deduction.class,
            "a deduction needs fromMonthly, fromAddon and overage");
      }
      try {
        return new Deduction(form.fromMonthly(), form.fromAddon(), form.overage(),
            form.grants() == null ? List.of() : form.grants());
      } catch (IllegalArgumentException e) {
        throw ctxt.weirdStringException(String.valueOf(form), Deduction.class, e.getMessage());
      }
    }
  }

  private static final class FromString<T> extends StdDeserializer<T> {
    private final transient Function<String, T> read;

    FromString(Class<T> type, Function<String, T> read) {
      super(type);
      this.read = read;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        throw ctxt.wrongTokenException(p, handledType(), JsonToken.VALUE_STRING,
            "a " + handledType().getSimpleName() + " is written as a JSON string");
      }
      String text = p.getString();
      try {
        return read.apply(text);
      } catch (IllegalArgumentException e) {
        throw ctxt.weirdStringException(text, handledType(), e.getMessage());
      }
    }
  }
}
