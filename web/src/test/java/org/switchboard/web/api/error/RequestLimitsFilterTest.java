package org.switchboard.web.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLimitsFilterTest {

  @Test
  void aFormOfAsciiAndEscapedAsciiIsUtf8() {
    assertThat(RequestLimitsFilter.notUtf8("FriendlyName=Alice+B&Attributes=%7B%22a%22%3A1%7D"))
        .isEmpty();
  }

  @Test
  void escapedMultiByteUtf8IsUtf8() {
    assertThat(RequestLimitsFilter.notUtf8("FriendlyName=Ren%C3%A9e&Attributes=%7B%7D")).isEmpty();
  }

  @Test
  void anEscapedByteThatIsNotUtf8IsNamed() {
    assertThat(RequestLimitsFilter.notUtf8("Attributes=%7B%7D&FriendlyName=Ren%E9e"))
        .contains("FriendlyName");
    assertThat(RequestLimitsFilter.notUtf8("FriendlyName=%C3%28")).contains("FriendlyName");
  }

  @Test
  void aRawByteAbove0x7fThatIsNotUtf8IsNamed() {
    // the filter reads the body as ISO-8859-1: a lone 0xE9 byte is the character \u00e9
    assertThat(RequestLimitsFilter.notUtf8("FriendlyName=Ren\u00e9e")).contains("FriendlyName");
  }

  @Test
  void aParameterNameThatIsNotUtf8IsReportedWithoutIt() {
    assertThat(RequestLimitsFilter.notUtf8("%FF=1")).contains("A parameter name");
  }
}
