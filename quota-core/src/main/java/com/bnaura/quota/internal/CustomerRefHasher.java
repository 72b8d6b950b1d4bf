package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hashes end-customer references with HMAC-SHA256 over the clinic id and the reference. */
final class CustomerRefHasher {
  static final byte[] BUILT_IN_KEY =
      "aura-quota built-in customer reference key; set your own".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;

  CustomerRefHasher(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  CustomerRefHash hash(ClinicId clinic, String normalizedRef) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(clinic.value().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(normalizedRef.getBytes(StandardCharsets.UTF_8));
      return new CustomerRefHash(HexFormat.of().formatHex(mac.doFinal()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
