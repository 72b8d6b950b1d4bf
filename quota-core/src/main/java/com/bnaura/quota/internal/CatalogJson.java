package com.bnaura.quota.internal;

import com.bnaura.quota.model.QuotaCatalog;
import java.io.IOException;
import java.io.Reader;

/** Reads a {@link QuotaCatalog} from JSON. */
public final class CatalogJson {
  private CatalogJson() {}

  /** Reads a catalog. */
  public static QuotaCatalog read(Reader json) throws IOException {
    throw new UnsupportedOperationException("not yet");
  }
}
