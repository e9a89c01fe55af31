package org.switchboard.infrastructure.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): derives keys from a secret that is long but not necessarily
 * uniformly random (a configured pass phrase), with a salt and a context string ({@code info}) that
 * keep keys for different purposes apart. The JDK has no HKDF before Java 24, so this is the RFC's
 * two steps on {@code javax.crypto.Mac}, checked against the RFC's test vectors.
 */
public final class Hkdf {

  private static final String HMAC = "HmacSHA256";
  private static final int HASH_BYTES = 32;

  private Hkdf() {}

  /** Extract then expand: {@code length} bytes of key material. */
  public static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
    return expand(extract(salt, inputKeyMaterial), info, length);
  }

  /** RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM); an empty salt is HashLen zeros. */
  static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
    byte[] key = salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt;
    return mac(key).doFinal(inputKeyMaterial);
  }

  /** RFC 5869 section 2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), concatenated and cut. */
  static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_BYTES) {
      throw new IllegalArgumentException("HKDF-SHA256 derives 1 to 8160 bytes, not " + length);
    }
    Mac mac = mac(pseudoRandomKey);
    byte[] out = new byte[length];
    byte[] previous = new byte[0];
    int written = 0;
    for (int i = 1; written < length; i++) {
      mac.update(previous);
      mac.update(info == null ? new byte[0] : info);
      mac.update((byte) i);
      previous = mac.doFinal();
      int n = Math.min(previous.length, length - written);
      System.arraycopy(previous, 0, out, written, n);
      written += n;
    }
    return out;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
