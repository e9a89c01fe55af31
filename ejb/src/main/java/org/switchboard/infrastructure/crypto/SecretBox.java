package org.switchboard.infrastructure.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.infrastructure.config.Settings;

/**
 * Seals short secrets (accounts' AuthTokens, API key secrets) with AES-256-GCM under the server's
 * key, so a copy of the database alone does not reveal them. The key is derived with HKDF-SHA256
 * (RFC 5869, {@link Hkdf}) from the configured {@code switchboard.secret.key} ({@code
 * SWITCHBOARD_SECRET_KEY}, at least 32 characters); without one, a random key is generated once
 * into {@code switchboard-secret.key} in the data directory ({@code switchboard.data.dir}, else
 * WildFly's {@code jboss.server.data.dir}) and a warning is logged. Losing the key makes every
 * stored AuthToken and API key unusable.
 *
 * <p>A sealed value is {@code v2.<base64 nonce>.<base64 ciphertext with tag>}. Values sealed before
 * the key was derived with HKDF ({@code v1.}, under the bare SHA-256 of the setting) still open.
 */
@ApplicationScoped
public class SecretBox {

  static final String SECRET_KEY = "switchboard.secret.key";
  static final String KEY_FILE = "switchboard-secret.key";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());

  /** HKDF's salt and context: a key derived here serves this box and nothing else. */
  static final byte[] HKDF_SALT = "switchboard.secret-box".getBytes(StandardCharsets.US_ASCII);

  static final byte[] HKDF_INFO = "AES-256-GCM sealing key v2".getBytes(StandardCharsets.US_ASCII);

  private static final Pattern SEALED =
      Pattern.compile("v[12]\\.[A-Za-z0-9+/]+={0,2}\\.[A-Za-z0-9+/]+={0,2}");

  private final SecureRandom random = new SecureRandom();
  private SecretKey key;
  private SecretKey legacyKey;

  /** A box under the configured key, outside CDI (a migration's test). */
  public static SecretBox configured() {
    SecretBox box = new SecretBox();
    box.init();
    return box;
  }

  /** Whether a stored value is a sealed secret (rather than a secret stored in plain text). */
  public static boolean isSealed(String value) {
    return value != null && SEALED.matcher(value).matches();
  }

  @PostConstruct
  void init() {
    String secret = Settings.get(SECRET_KEY).orElseGet(SecretBox::generatedSecret);
    if (secret.length() < 32) {
      throw new IllegalStateException(
          Settings.environmentName(SECRET_KEY) + " must have at least 32 characters.");
    }
    byte[] material = secret.getBytes(StandardCharsets.UTF_8);
    this.key = new SecretKeySpec(Hkdf.derive(HKDF_SALT, material, HKDF_INFO, 32), "AES");
    this.legacyKey = new SecretKeySpec(sha256(material), "AES");
  }

  public String seal(String plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      Base64.Encoder b64 = Base64.getEncoder();
      return "v2." + b64.encodeToString(nonce) + "." + b64.encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot seal a secret", e);
    }
  }

  /**
   * @throws IllegalStateException if the value was sealed under another key or was altered
   */
  public String open(String sealed) {
    String[] parts = sealed.split("\\.");
    if (parts.length != 3 || !("v1".equals(parts[0]) || "v2".equals(parts[0]))) {
      throw new IllegalStateException("Not a sealed secret");
    }
    SecretKey under = "v2".equals(parts[0]) ? key : legacyKey;
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, under, new GCMParameterSpec(TAG_BITS, b64.decode(parts[1])));
      return new String(cipher.doFinal(b64.decode(parts[2])), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot open a sealed secret (was " + SECRET_KEY + " changed?)", e);
    }
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized String generatedSecret() {
    String dir =
        Settings.get("switchboard.data.dir")
            .orElseGet(() -> System.getProperty("jboss.server.data.dir", "data"));
    Path file = Path.of(dir, KEY_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = Base64.getEncoder().encodeToString(bytes);
      Files.writeString(file, secret, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the directory's permissions apply
      }
      LOG.warning(
          () ->
              "No "
                  + Settings.environmentName(SECRET_KEY)
                  + " is configured: generated a key for AuthTokens and API key secrets in "
                  + file
                  + "; keep this file (or configure the setting) so stored AuthTokens and API keys"
                  + " stay usable.");
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create " + file, e);
    }
  }
}
