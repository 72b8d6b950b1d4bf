package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.jdbc.TableLocation;
import com.bnaura.quota.jdbc.internal.schema.DefaultSchema;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Table;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.MappedTable;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;

/**
 * The one rule that places the store's tables at a {@link TableLocation}: every table of the
 * generated schema, and every constraint and index named after one, takes the prefix, and all of
 * them live in the location's schema. jOOQ applies it to every statement through the render
 * mapping of {@link #settings}, and the migration scripts through {@link #rewrite}, so no SQL names
 * a table by hand.
 */
public final class TableNames {

  /**
   * The store's tables, as the scripts create them, from the classes jOOQ generates from those
   * scripts.
   */
  static final List<String> TABLES = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
      .map(Table::getName)
      .sorted(Comparator.comparingInt(String::length).reversed())
      .toList();

  /**
   * A table name, or a name that starts with one followed by {@code _} (its constraints and
   * indexes: {@code quota_clinic_account_pk}), standing alone as an identifier.
   */
  private static final Pattern NAMES = Pattern.compile(
      "(?<![A-Za-z0-9_$])(" + String.join("|", TABLES) + ")(?![A-Za-z0-9$])");

  private TableNames() {}

  /**
   * The store's settings ({@link Dialects#settings()}) with the render mapping of {@code
   * location}: each table name with its prefix, qualified with its schema when one is set.
   */
  public static Settings settings(TableLocation location) {
    Settings settings = Dialects.settings();
    if (location.isDefault()) {
      return settings;
    }
    MappedSchema mapped = new MappedSchema().withInput("");
    if (!location.schema().isEmpty()) {
      mapped.setOutput(location.schema());
      settings.setRenderSchema(true);
    }
    if (!location.tablePrefix().isEmpty()) {
      mapped.withTables(new MappedTable()
          .withInputExpression(Pattern.compile("(.+)"))
          .withOutput(location.tablePrefix() + "$1"));
    }
    return settings.withRenderMapping(new RenderMapping().withSchemata(mapped));
  }

  /**
   * {@code script} with {@code prefix} before every table name and every constraint or index name
   * that starts with one; with an empty prefix, {@code script} itself.
   */
  public static String rewrite(String script, String prefix) {
    if (prefix.isEmpty()) {
      return script;
    }
    return NAMES.matcher(script).replaceAll(m -> Matcher.quoteReplacement(prefix + m.group(1)));
  }
}
