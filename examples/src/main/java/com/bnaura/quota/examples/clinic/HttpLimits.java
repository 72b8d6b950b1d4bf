package com.bnaura.quota.examples.clinic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The limits the HTTP door applies before a request costs anything ({@code clinic-http.*} in
 * {@code application.yml}).
 *
 * @param maxBodySize the largest request body accepted, 64 KiB unless set; a larger body is a 413
 *     {@code PAYLOAD_TOO_LARGE} before it is read
 */
@ConfigurationProperties("clinic-http")
public record HttpLimits(DataSize maxBodySize) {

  /** The body limit when none is configured. */
  public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(64);

  /** Fills in the default and refuses a limit that is not positive, naming the property. */
  public HttpLimits {
    if (maxBodySize == null) {
      maxBodySize = DEFAULT_MAX_BODY_SIZE;
    }
    if (maxBodySize.toBytes() <= 0 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("clinic-http.max-body-size must be from 1 byte to 2 GB,"
          + " was " + maxBodySize);
    }
  }

  /** The body limit in bytes. */
  public long maxBodyBytes() {
    return maxBodySize.toBytes();
  }
}
