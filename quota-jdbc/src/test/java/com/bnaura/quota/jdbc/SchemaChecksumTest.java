package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.jdbc.internal.Dialects;
import com.bnaura.quota.jdbc.internal.PrefixedScripts;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A database migrated without a table location records the checksums every earlier release
 * recorded, so Flyway validates the databases those releases migrated; and a prefixed database
 * validates against the prefixed scripts on every start.
 */
final class SchemaChecksumTest {
  /** The checksums of the scripts as written, which every database migrated so far holds. */
  private static final Map<String, Integer> STANDARD = Map.of(
      "1", 1082300730, "2", 178998287, "3", 1778642868, "4", 1584862224, "5", 1671392418,
      "6", 637127607, "7", 1522278267, "8", 220947556, "9", -118308655);
  private static final Map<String, Integer> MARIADB = Map.of(
      "1", 25985348, "2", 178998287, "3", 1778642868, "4", 1584862224, "5", 545989324,
      "6", -1849777678, "7", -1870830816, "8", -428168157, "9", 1498887354);

  @Test
  void h2_migratedWithoutLocation_recordsTheChecksumsOfTheScriptsAsWritten() throws Exception {
    checksums(TestDatabases::h2, STANDARD);
  }

  @Test
  void postgres_migratedWithoutLocation_recordsTheChecksumsOfTheScriptsAsWritten()
      throws Exception {
    checksums(() -> TestDatabases.postgres("checksum"), STANDARD);
  }

  @Test
  void mariaDb_migratedWithoutLocation_recordsTheChecksumsOfTheScriptsAsWritten()
      throws Exception {
    checksums(() -> TestDatabases.mariadb("checksum"), MARIADB);
  }

  @Test
  void prefixedScripts_nameEveryScriptOfBothFolders() throws Exception {
    for (String vendor : new String[] {"standard", "mariadb"}) {
      URL folder = getClass().getClassLoader()
          .getResource("com/bnaura/quota/jdbc/schema/" + vendor);
      String[] files = new File(folder.toURI()).list();

      assertThat(files).as(vendor).containsExactlyInAnyOrderElementsOf(PrefixedScripts.SCRIPTS);
    }
  }

  private static void checksums(Supplier<HikariDataSource> databases, Map<String, Integer> expected)
      throws Exception {
    HikariDataSource pool = databases.get();
    try {
      JdbcQuotaSchema.migrate(pool);

      assertThat(history(pool, JdbcQuotaSchema.HISTORY_TABLE)).isEqualTo(expected);
      assertThat(JdbcQuotaSchema.configure(pool, Dialects.detect(pool), TableLocation.DEFAULT)
          .load().validateWithResult().validationSuccessful).isTrue();

      TableLocation prefixed = TableLocation.DEFAULT.withTablePrefix("clinic1_");
      JdbcQuotaSchema.migrate(pool, Dialects.detect(pool), prefixed);

      assertThat(JdbcQuotaSchema.migrate(pool, Dialects.detect(pool), prefixed))
          .as("the prefixed history validates and nothing is left to run").isEmpty();
      assertThat(history(pool, prefixed.historyTable()).keySet())
          .isEqualTo(expected.keySet());
      assertThat(history(pool, JdbcQuotaSchema.HISTORY_TABLE)).isEqualTo(expected);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static Map<String, Integer> history(HikariDataSource pool, String table)
      throws SQLException {
    String quote = pool.getJdbcUrl().startsWith("jdbc:mariadb:") ? "`" : "\"";
    Map<String, Integer> checksums = new LinkedHashMap<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select " + quote + "version" + quote + ", "
            + quote + "checksum" + quote + " from " + quote + table + quote
            + " where " + quote + "type" + quote + " = 'SQL' order by "
            + quote + "installed_rank" + quote)) {
      while (r.next()) {
        checksums.put(r.getString(1), r.getInt(2));
      }
    }
    return checksums;
  }
}
