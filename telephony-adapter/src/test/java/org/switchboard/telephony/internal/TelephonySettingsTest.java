package org.switchboard.telephony.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelephonySettingsTest {

  @AfterEach
  void clear() {
    System.clearProperty("jboss.socket.binding.port-offset");
    System.clearProperty("switchboard.fastagi.port");
    System.clearProperty("switchboard.ami.host");
    System.clearProperty("switchboard.ami.user");
  }

  @Test
  void fastAgiPortShiftsWithThePortOffset() {
    System.setProperty("jboss.socket.binding.port-offset", "10000");

    TelephonySettings settings = TelephonySettings.load();

    assertThat(settings.fastAgiPort()).isEqualTo(14573);
    assertThat(settings.fastAgiBindAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.amiEnabled()).isFalse();
  }

  @Test
  void explicitPortAndAmiUserWin() {
    System.setProperty("jboss.socket.binding.port-offset", "10000");
    System.setProperty("switchboard.fastagi.port", "4600");
    System.setProperty("switchboard.ami.host", "pbx.example");
    System.setProperty("switchboard.ami.user", "switchboard");

    TelephonySettings settings = TelephonySettings.load();

    assertThat(settings.fastAgiPort()).isEqualTo(4600);
    assertThat(settings.amiEnabled()).isTrue();
    assertThat(settings.amiPort()).isEqualTo(5038);
    assertThat(settings.amiHost()).isEqualTo("pbx.example");
    assertThat(settings.completeAfterCall()).isFalse();
  }
}
