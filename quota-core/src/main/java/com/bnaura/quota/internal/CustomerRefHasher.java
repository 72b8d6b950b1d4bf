package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes end-customer references with HMAC-SHA256 over the clinic id and the reference.
 *
 * <p>Each thread keeps a {@link Mac} initialised with the key (a {@code Mac} is not thread-safe,
 * and looking one up and keying it costs more than the hash); {@link Mac#doFinal()} leaves it ready
 * for the next reference.
 */
final class CustomerRefHasher {
  static final byte[] BUILT_IN_KEY =
      "aura-quota built-in customer reference key; set your own".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  CustomerRefHasher(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    newMac();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  CustomerRefHash hash(ClinicId clinic, String normalizedRef) {
    Mac mac = macs.get();
    try {
      mac.update(clinic.value().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(normalizedRef.getBytes(StandardCharsets.UTF_8));
      return new CustomerRefHash(HexFormat.of().formatHex(mac.doFinal()));
    } catch (RuntimeException e) {
      mac.reset(); // the next reference starts from the key alone
      throw e;
    }
  }
}
