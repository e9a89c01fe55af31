package org.switchboard.infrastructure.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(once).startsWith("v1.").doesNotContain("the api key secret").isNotEqualTo(twice);
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
}
