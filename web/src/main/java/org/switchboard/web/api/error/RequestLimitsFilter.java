package org.switchboard.web.api.error;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.switchboard.infrastructure.config.Settings;

/**
 * Bounds what a request may carry before any resource reads it: a body of at most {@code
 * switchboard.api.max-body-bytes} (default 1 MiB; TaskRouter's largest parameters, Attributes and a
 * workflow's Configuration, are a few KB) else 413 with Twilio's error body (code 20413); and form
 * and query parameters that are valid UTF-8 once percent-decoded, else 400 naming the parameter
 * (code 20001), instead of storing replacement characters.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION - 1)
public class RequestLimitsFilter implements ContainerRequestFilter {

  static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private final int maxBodyBytes =
      Settings.get("switchboard.api.max-body-bytes")
          .map(RequestLimitsFilter::positiveOrDefault)
          .orElse(DEFAULT_MAX_BODY_BYTES);

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> badQuery = notUtf8(request.getUriInfo().getRequestUri().getRawQuery());
    if (badQuery.isPresent()) {
      request.abortWith(notUtf8Response(badQuery.get()));
      return;
    }
    if (!request.hasEntity()) {
      return;
    }
    if (request.getLength() > maxBodyBytes) {
      request.abortWith(tooLarge());
      return;
    }
    byte[] body;
    try (InputStream in = request.getEntityStream()) {
      body = readAtMost(in, maxBodyBytes + 1, request.getLength());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body.length > maxBodyBytes) {
      request.abortWith(tooLarge());
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(body));
    if (MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
      Optional<String> badForm = notUtf8(new String(body, StandardCharsets.ISO_8859_1));
      badForm.ifPresent(name -> request.abortWith(notUtf8Response(name)));
    }
  }

  /** The name of the first parameter of a form or query string that is not UTF-8, if any. */
  static Optional<String> notUtf8(String encoded) {
    if (encoded == null || encoded.isEmpty() || isAscii(encoded)) {
      return Optional.empty();
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (!isUtf8(percentDecoded(pair))) {
        String shown = isUtf8(percentDecoded(name)) ? decode(name) : "A parameter name";
        return Optional.of(shown.isEmpty() ? "A parameter" : shown);
      }
    }
    return Optional.empty();
  }

  private static byte[] percentDecoded(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%'
          && i + 2 < text.length()
          && hex(text.charAt(i + 1)) >= 0
          && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        out.write(c > 0xff ? '?' : c); // the text came from bytes as ISO-8859-1
      }
    }
    return out.toByteArray();
  }

  /**
   * Whether the text decodes to ASCII bytes only (and so to valid UTF-8): it has no character above
   * 0x7f and no percent escape of a byte above it. Most requests are, and are let through without
   * decoding each parameter.
   */
  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7f || (c == '%' && i + 1 < text.length() && hex(text.charAt(i + 1)) >= 8)) {
        return false;
      }
    }
    return true;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String decode(String name) {
    return new String(percentDecoded(name), StandardCharsets.UTF_8);
  }

  /**
   * The body, read up to {@code limit} bytes (never more than one byte beyond the largest allowed).
   * A body whose length the request declares within the limit is read into an array of that size
   * (the server ends the stream at the declared length), not through growing buffers.
   */
  private static byte[] readAtMost(InputStream in, int limit, int declared) throws IOException {
    return in.readNBytes(declared >= 0 && declared < limit ? declared : limit);
  }

  private static jakarta.ws.rs.core.Response tooLarge() {
    return ErrorResponses.of(
        413, 20413, "Request Entity Too Large: the body may have at most the configured size");
  }

  private static jakarta.ws.rs.core.Response notUtf8Response(String parameter) {
    return ErrorResponses.of(400, 20001, parameter + " must be valid UTF-8");
  }

  private static int positiveOrDefault(String value) {
    try {
      int parsed = Integer.parseInt(value.trim());
      return parsed > 0 ? parsed : DEFAULT_MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return DEFAULT_MAX_BODY_BYTES;
    }
  }
}
