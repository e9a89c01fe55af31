package org.switchboard.infrastructure.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  @AfterEach
  void clearKey() {
    System.clearProperty(SecretBox.SECRET_KEY);
  }

  private static SecretBox boxWithKey(String key) {
    System.setProperty(SecretBox.SECRET_KEY, key);
    SecretBox box = new SecretBox();
    box.init();
    return box;
  }

  @Test
  void sealsSoThatOnlyTheSameKeyOpens() {
    // given a box under a configured key
    SecretBox box = boxWithKey("k".repeat(32));

    // when a secret is sealed twice
    String once = box.seal("the api key secret");
    String twice = box.seal("the api key secret");

    // then neither shows the secret, they differ (fresh nonce), and both open to it
    assertThat(once).startsWith("v2.").doesNotContain("the api key secret").isNotEqualTo(twice);
    assertThat(box.open(once)).isEqualTo("the api key secret");
    assertThat(box.open(twice)).isEqualTo("the api key secret");

    // and another key cannot open it
    SecretBox other = boxWithKey("o".repeat(32));
    assertThatThrownBy(() -> other.open(once)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAlteredSealsAndShortKeys() {
    SecretBox box = boxWithKey("k".repeat(32));
    String sealed = box.seal("secret");
    int at = sealed.lastIndexOf('.') + 2; // a character inside the ciphertext
    char flipped = sealed.charAt(at) == 'A' ? 'B' : 'A';
    String altered = sealed.substring(0, at) + flipped + sealed.substring(at + 1);

    assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> box.open("plain")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> boxWithKey("too short")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void derivesItsKeyWithHkdfAndStillOpensWhatTheOldKeySealed() throws Exception {
    // given a box under a configured key
    String secret = "k".repeat(32);
    SecretBox box = boxWithKey(secret);
    byte[] material = secret.getBytes(StandardCharsets.UTF_8);

    // then what it seals opens with the key HKDF-SHA256 derives from the setting, not its bare hash
    String sealed = box.seal("token");
    byte[] hkdfKey = Hkdf.derive(SecretBox.HKDF_SALT, material, SecretBox.HKDF_INFO, 32);
    assertThat(openWith(hkdfKey, sealed)).isEqualTo("token");
    assertThatThrownBy(() -> openWith(SecretBox.sha256(material), sealed))
        .isInstanceOf(GeneralSecurityException.class);

    // and a value sealed before (v1, under SHA-256 of the setting) still opens
    String legacy = sealWith(SecretBox.sha256(material), "older secret");
    assertThat(box.open("v1." + legacy)).isEqualTo("older secret");
    assertThat(SecretBox.isSealed(sealed)).isTrue();
    assertThat(SecretBox.isSealed("v1." + legacy)).isTrue();
    assertThat(SecretBox.isSealed("0123456789abcdef0123456789abcdef")).isFalse();
  }

  private static String openWith(byte[] key, String sealed) throws GeneralSecurityException {
    String[] parts = sealed.split("\\.");
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, Base64.getDecoder().decode(parts[1])));
    return new String(cipher.doFinal(Base64.getDecoder().decode(parts[2])), StandardCharsets.UTF_8);
  }

  private static String sealWith(byte[] key, String plain) throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    Base64.Encoder b64 = Base64.getEncoder();
    return b64.encodeToString(nonce)
        + "."
        + b64.encodeToString(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
  }
}
