package com.bnaura.quota.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the store's tables live: a prefix on every table name, and the database schema that holds
 * them. {@link #DEFAULT} (no prefix, the connection's default schema) is where every store kept
 * its tables before this option existed, so a database written by such a store is read as it is.
 *
 * <p>With the prefix {@code clinic1_} the tables are {@code clinic1_quota_clinic_account}, {@code
 * clinic1_usage_metrics} and so on, their constraints and indexes carry the same prefix, and the
 * migration history is {@code clinic1_quota_schema_history}: two stores with different prefixes
 * share one database and schema and keep separate books. With a schema the tables and their
 * history are created in that schema (on PostgreSQL and H2 a schema, on MariaDB a database),
 * which the migration creates if it does not exist.
 *
 * <pre>{@code
 * JdbcQuotaStore store = JdbcQuotaStore.builder(dataSource)
 *     .tablePrefix("clinic1_")
 *     .schema("quota")
 *     .build();
 * }</pre>
 *
 * <p>Both names are written unquoted in the store's SQL, so each is lower-case letters, digits and
 * underscores, starting with a letter: PostgreSQL and MariaDB keep such a name as it is written and
 * H2 folds it to upper case consistently, where a mixed-case name would be read differently by each
 * database.
 *
 * @param tablePrefix what every table name starts with; empty for none
 * @param schema the schema (on MariaDB, the database) of the tables; empty for the connection's
 *     default
 */
public record TableLocation(String tablePrefix, String schema) {

  /**
   * The longest table prefix: the longest name the store's scripts create ({@code
   * quota_clinic_account_period_ck}, 30 characters) with this prefix stays within PostgreSQL's
   * 63-character names (MariaDB's are 64), which leaves room for names later versions add.
   */
  public static final int MAX_PREFIX_LENGTH = 30;

  /** The longest schema name: PostgreSQL's 63 characters (MariaDB's database names take 64). */
  public static final int MAX_SCHEMA_LENGTH = 63;

  /** No prefix, the connection's default schema. */
  public static final TableLocation DEFAULT = new TableLocation("", "");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /**
   * Validates both names.
   *
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException naming {@code tablePrefix} or {@code schema}, if it is not
   *     lower-case letters, digits and underscores starting with a letter, or is too long
   */
  public TableLocation {
    requireName("tablePrefix", tablePrefix, MAX_PREFIX_LENGTH);
    requireName("schema", schema, MAX_SCHEMA_LENGTH);
  }

  /** This location with {@code tablePrefix} on every table name (empty for none). */
  public TableLocation withTablePrefix(String tablePrefix) {
    return new TableLocation(tablePrefix, schema);
  }

  /** This location in {@code schema} (empty for the connection's default). */
  public TableLocation withSchema(String schema) {
    return new TableLocation(tablePrefix, schema);
  }

  /** Whether this is {@link #DEFAULT}: no prefix, the connection's default schema. */
  public boolean isDefault() {
    return tablePrefix.isEmpty() && schema.isEmpty();
  }

  /** The table of the migration history: {@link JdbcQuotaSchema#HISTORY_TABLE} with the prefix. */
  public String historyTable() {
    return tablePrefix + JdbcQuotaSchema.HISTORY_TABLE;
  }

  @Override
  public String toString() {
    return "TableLocation{tablePrefix=" + (tablePrefix.isEmpty() ? "none" : tablePrefix)
        + ", schema=" + (schema.isEmpty() ? "default" : schema) + "}";
  }

  private static void requireName(String field, String value, int maxLength) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty()) {
      return;
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(field + " must be at most " + maxLength
          + " characters, was " + value.length() + " (\"" + value + "\")");
    }
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be lower-case letters, digits and "
          + "underscores, starting with a letter, was \"" + value + "\"");
    }
  }
}
