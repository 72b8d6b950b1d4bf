package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_IDEMPOTENCY;

import com.bnaura.quota.jdbc.UnsupportedDatabaseException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;

/**
 * Every difference between H2, PostgreSQL and MariaDB the store cares about, in one place: which
 * dialects are supported, how names render, how a bounded delete is written. How each database
 * keeps a commit it acknowledged is {@link DurabilityCheck}'s.
 */
public final class Dialects {
  private Dialects() {}

  /**
   * Names render unquoted and lower case: PostgreSQL and MariaDB keep them lower case and H2 folds
   * them to the upper case it created them in, so one schema script serves all three.
   */
  public static Settings settings() {
    return new Settings()
        .withRenderQuotedNames(RenderQuotedNames.NEVER)
        .withRenderNameCase(RenderNameCase.AS_IS)
        .withRenderSchema(false)
        .withExecuteLogging(false);
  }

  /**
   * {@code name}, lower case, as the database keeps it when a statement names it unquoted: H2
   * folds it to upper case, PostgreSQL and MariaDB keep it. Flyway quotes the schema names it is
   * given, and the store's statements name the schema unquoted, so both must mean the same schema.
   */
  public static String unquoted(SQLDialect dialect, String name) {
    return dialect.family() == SQLDialect.H2 ? name.toUpperCase(Locale.ROOT) : name;
  }

  /** Detects the dialect of {@code dataSource} from one connection's metadata. */
  public static SQLDialect detect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      SQLDialect dialect = JDBCUtils.dialect(connection);
      if (!isSupported(dialect)) {
        DatabaseMetaData meta = connection.getMetaData();
        throw new UnsupportedDatabaseException(dialect,
            meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
      }
      return dialect;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open a connection to detect the SQL dialect: " + e, e);
    }
  }

  /**
   * Returns {@code dialect} if the store supports it.
   *
   * @throws UnsupportedDatabaseException for any dialect but H2, PostgreSQL and MariaDB
   */
  public static SQLDialect supported(SQLDialect dialect) {
    if (!isSupported(dialect)) {
      throw new UnsupportedDatabaseException(dialect, "");
    }
    return dialect;
  }

  private static boolean isSupported(SQLDialect dialect) {
    switch (dialect.family()) {
      case H2:
      case POSTGRES:
      case MARIADB:
        return true;
      default:
        return false;
    }
  }

  /**
   * The folder of the dialect's schema scripts: {@code standard} serves H2 and PostgreSQL (the same
   * SQL), {@code mariadb} adds MariaDB's table options.
   */
  public static String vendor(SQLDialect dialect) {
    switch (dialect.family()) {
      case H2:
      case POSTGRES:
        return "standard";
      case MARIADB:
        return "mariadb";
      default:
        throw new IllegalArgumentException("unsupported SQL dialect " + dialect);
    }
  }

  /** Deletes up to {@code limit} idempotency records older than {@code beforeMicros}. */
  static int purgeKeys(DSLContext dsl, long beforeMicros, int limit) {
    if (dsl.dialect().family() == SQLDialect.MARIADB) {
      // MariaDB cannot LIMIT a subquery of the table it deletes from, but takes DELETE ... LIMIT
      return dsl.deleteFrom(QUOTA_IDEMPOTENCY)
          .where(QUOTA_IDEMPOTENCY.CREATED_AT_US.lt(beforeMicros))
          .limit(limit)
          .execute();
    }
    var oldest = DSL.select(QUOTA_IDEMPOTENCY.CLINIC_ID, QUOTA_IDEMPOTENCY.IDEM_KEY)
        .from(QUOTA_IDEMPOTENCY)
        .where(QUOTA_IDEMPOTENCY.CREATED_AT_US.lt(beforeMicros))
        .limit(limit);
    return dsl.deleteFrom(QUOTA_IDEMPOTENCY)
        .where(DSL.row(QUOTA_IDEMPOTENCY.CLINIC_ID, QUOTA_IDEMPOTENCY.IDEM_KEY).in(oldest))
        .execute();
  }
}
