package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_IDEMPOTENCY;

import java.sql.Connection;
import java.sql.SQLException;
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

  /** Detects the dialect of {@code dataSource} from one connection's metadata. */
  public static SQLDialect detect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return supported(JDBCUtils.dialect(connection));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open a connection to detect the SQL dialect: " + e, e);
    }
  }

  /**
   * Returns {@code dialect} if the store supports it.
   *
   * @throws IllegalArgumentException for any dialect but H2, PostgreSQL and MariaDB
   */
  public static SQLDialect supported(SQLDialect dialect) {
    switch (dialect.family()) {
      case H2:
      case POSTGRES:
      case MARIADB:
        return dialect;
      case MYSQL:
        throw new IllegalArgumentException(
            "MySQL is not supported; use MariaDB, PostgreSQL or H2 (detected " + dialect + ")");
      default:
        throw new IllegalArgumentException(
            "unsupported SQL dialect " + dialect + "; supported are H2, POSTGRES and MARIADB");
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
      return dsl.execute("delete from quota_idempotency where created_at_us < ? limit ?",
          beforeMicros, limit);
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
