package com.bnaura.quota;

import java.time.Instant;
import com.bnaura.quota.model.ClinicId;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One balance column of a clinic that disagrees with the fold of its ledger: the ledger is
 * append-only and says what happened, so the column is the one that drifted.
 *
 * <p>{@link QuotaService#reconcile} finds them. Values are exact integers in the field's own unit:
 * milli-units for a unit field, minor units of the clinic's currency for a money field ({@link
 * Field#money()}).
 *
 * @param clinic the clinic
 * @param periodStart the start of the billing period of a period field; empty for a field of the
 *     account
 * @param field the column that drifted
 * @param ledger the value the ledger's entries add up to
 * @param row the value the stored row holds
 */
public record Drift(ClinicId clinic, Optional<Instant> periodStart, Field field, long ledger,
    long row) {

  /** Validates. */
  public Drift {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(field, "field");
    if (field.ofPeriod() == periodStart.isEmpty()) {
      throw new IllegalArgumentException("field " + field.column() + (field.ofPeriod()
          ? " needs a period" : " belongs to the account and takes no period"));
    }
  }

  /** The ledger's value as text: units with three decimals, money in minor units. */
  public String ledgerText() {
    return field.format(ledger);
  }

  /** The row's value as text: units with three decimals, money in minor units. */
  public String rowText() {
    return field.format(row);
  }

  /**
   * One line naming the clinic, the period, the field and both values, for example {@code clinic
   * c1 period 2026-02-28T17:00:00Z monthlyUsed: ledger 12.400, row 11.400}.
   */
  @Override
  public String toString() {
    return "clinic " + clinic + periodStart.map(p -> " period " + p).orElse("") + " "
        + field.column() + ": ledger " + ledgerText() + ", row " + rowText();
  }

  /** A balance column that the fold of a clinic's ledger decides. */
  public enum Field {
    /** The account's add-on units free to use. */
    ADDON_AVAILABLE("addonAvailable", false, false),
    /** The account's add-on units held by open reservations. */
    ADDON_RESERVED("addonReserved", false, false),
    /** The account's add-on units bought, over all time. */
    ADDON_PURCHASED("addonPurchased", false, false),
    /** The account's add-on units charged, over all time. */
    ADDON_USED("addonUsed", false, false),
    /** The account's add-on units that expired unused with their grants, over all time. */
    ADDON_EXPIRED("addonExpired", false, false),
    /** A period's monthly grant (not checked for an unlimited grant). */
    GRANTED("granted", true, false),
    /** A period's monthly units charged. */
    MONTHLY_USED("monthlyUsed", true, false),
    /** A period's monthly units held by open reservations. */
    MONTHLY_RESERVED("monthlyReserved", true, false),
    /** A period's add-on units charged. */
    PERIOD_ADDON_USED("addonUsed", true, false),
    /** A period's overage units charged. */
    OVERAGE_UNITS("overageUnits", true, false),
    /** A period's overage units held by open reservations. */
    OVERAGE_RESERVED("overageReserved", true, false),
    /** A period's overage balance: money owed for charged overage. */
    OVERAGE_COST("overageCost", true, true),
    /** A period's money held for reserved overage. */
    OVERAGE_RESERVED_COST("overageReservedCost", true, true),
    /** A period's monthly units forfeited at its close. */
    FORFEITED("forfeited", true, false),
    /** A period's add-on units bought during it. */
    ADDON_BOUGHT("addonBought", true, false);

    private final String column;
    private final boolean ofPeriod;
    private final boolean money;

    Field(String column, boolean ofPeriod, boolean money) {
      this.column = column;
      this.ofPeriod = ofPeriod;
      this.money = money;
    }

    /** The field's name as the SPI's records spell it, for example {@code monthlyUsed}. */
    public String column() {
      return column;
    }

    /** Whether the field belongs to a period row rather than to the account. */
    public boolean ofPeriod() {
      return ofPeriod;
    }

    /** Whether the field is money (minor units) rather than units (milli-units). */
    public boolean money() {
      return money;
    }

    /** {@code value} as text: units with three decimals, money as its minor units. */
    public String format(long value) {
      return money ? value + " minor units" : BigDecimal.valueOf(value, 3).toPlainString();
    }
  }
}
