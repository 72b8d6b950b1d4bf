package com.bnaura.quota.jackson;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.util.Currency;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * A Jackson 3 module that writes and reads the quota value types as JSON strings:
 * {@link Units} as {@code "0.200"} (three decimals), {@link Money} as {@code "THB 60.00"} (the
 * ISO 4217 code, a space and the amount with the currency's decimals), and {@link ClinicId},
 * {@link PlanId}, {@link OperationId}, {@link ReservationId}, {@link IdempotencyKey},
 * {@link UserId}, {@link CustomerRefHash} and {@link GrantId} as their value.
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
    add(ClinicId.class, ClinicId::value, ClinicId::of);
    add(PlanId.class, PlanId::value, PlanId::of);
    add(OperationId.class, OperationId::value, OperationId::of);
    add(ReservationId.class, ReservationId::value, ReservationId::of);
    add(IdempotencyKey.class, IdempotencyKey::value, IdempotencyKey::of);
    add(UserId.class, UserId::value, UserId::of);
    add(CustomerRefHash.class, CustomerRefHash::hex, CustomerRefHash::new);
    add(GrantId.class, GrantId::value, GrantId::of);
  }

  private <T> void add(Class<T> type, Function<T, String> write, Function<String, T> read) {
    addSerializer(type, new AsString<>(type, write));
    addDeserializer(type, new FromString<>(type, read));
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
