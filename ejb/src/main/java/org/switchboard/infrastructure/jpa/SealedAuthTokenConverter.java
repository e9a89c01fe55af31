package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.logging.Logger;
import org.switchboard.infrastructure.crypto.SecretBox;

/**
 * Stores an account's AuthToken sealed ({@link SecretBox}) and reads it back in the clear, which
 * Switchboard needs to check HTTP Basic credentials and to sign callbacks ({@code
 * X-Twilio-Signature}). A token found in plain text (a row an operator wrote by hand after the V15
 * migration sealed the others) is read as it is and logged; it is sealed when the account is next
 * written.
 */
@Converter
public class SealedAuthTokenConverter implements AttributeConverter<String, String> {

  private static final Logger LOG = Logger.getLogger(SealedAuthTokenConverter.class.getName());

  @Inject private SecretBox box;

  @Override
  public String convertToDatabaseColumn(String token) {
    return token == null ? null : box().seal(token);
  }

  @Override
  public String convertToEntityAttribute(String stored) {
    if (stored == null || SecretBox.isSealed(stored)) {
      return stored == null ? null : box().open(stored);
    }
    LOG.fine("An account's AuthToken is stored in plain text; it is sealed at its next change");
    return stored;
  }

  private SecretBox box() {
    if (box == null) {
      box = CDI.current().select(SecretBox.class).get();
    }
    return box;
  }
}
