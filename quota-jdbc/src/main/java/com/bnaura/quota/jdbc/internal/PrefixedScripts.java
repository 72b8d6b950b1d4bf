package com.bnaura.quota.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The store's migration scripts with a table prefix ({@link TableNames#rewrite}), handed to Flyway
 * in place of the scripts on the class path. A database without a prefix migrates from the class
 * path directly, so its history keeps the checksums of the scripts as they are written.
 */
public final class PrefixedScripts implements ResourceProvider {

  /** The scripts of each vendor folder, oldest first; a new version is added here too. */
  public static final List<String> SCRIPTS = List.of("V1__quota.sql", "V2__alert_marks.sql",
      "V3__request_limits.sql", "V4__account_version.sql", "V5__grants.sql",
      "V6__reversals.sql", "V7__auto_top_up.sql", "V8__budgets_and_caps.sql",
      "V9__outbox.sql");

  private final List<LoadableResource> scripts;

  /** The scripts of {@code folder} (a class path folder) with {@code prefix} on every table. */
  public PrefixedScripts(ClassLoader loader, String folder, String prefix) {
    this.scripts = SCRIPTS.stream()
        .map(name -> (LoadableResource) new Script(name,
            TableNames.rewrite(read(loader, folder + "/" + name), prefix)))
        .toList();
  }

  @Override
  public LoadableResource getResource(String name) {
    return scripts.stream().filter(s -> s.getRelativePath().equals(name)).findFirst().orElse(null);
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    return scripts.stream()
        .filter(s -> s.getFilename().startsWith(prefix))
        .filter(s -> Arrays.stream(suffixes).anyMatch(s.getFilename()::endsWith))
        .toList();
  }

  private static String read(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration script " + path + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration script " + path, e);
    }
  }

  private static final class Script extends LoadableResource {
    private final String name;
    private final String text;

    Script(String name, String text) {
      this.name = name;
      this.text = text;
    }

    @Override
    public Reader read() {
      return new StringReader(text);
    }

    @Override
    public String getAbsolutePath() {
      return name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return name;
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }
}
