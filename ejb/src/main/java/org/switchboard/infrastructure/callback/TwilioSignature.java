package org.switchboard.infrastructure.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): the Base64 HMAC-SHA1, keyed by the
 * account's AuthToken, of the full URL followed by every POST parameter's name and value, sorted by
 * name, with no separators. Receivers check it with Twilio's {@code RequestValidator}.
 */
public final class TwilioSignature {

  private TwilioSignature() {}

  public static String sign(String authToken, String url, Map<String, String> parameters) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(parameters).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }
}
