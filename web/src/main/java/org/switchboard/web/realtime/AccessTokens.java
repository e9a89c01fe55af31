package org.switchboard.web.realtime;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.application.ApiKeyService;
import org.switchboard.application.ApiKeyService.KeySecret;
import org.switchboard.domain.shared.AuthenticationException;

/**
 * Twilio Access Tokens, signed and verified with nimbus-jose-jwt: HS256 JWTs with header {@code
 * cty: twilio-fpa;v=1}, claims {@code jti}, {@code iss} (the API key sid), {@code sub} (the
 * AccountSid), {@code exp}, {@code nbf} and {@code grants} ({@code identity} and {@code
 * task_router: {workspace_sid, worker_sid, role}}), as {@code twilio-java}'s {@code AccessToken}
 * with a {@code TaskRouterGrant} makes them. A token is valid while its key exists: deleting the
 * key revokes it.
 */
@ApplicationScoped
public class AccessTokens {

  /** The role of a worker's token: it touches only its own worker and reservations. */
  public static final String WORKER = "worker";

  /** The role of a workspace token (supervisor page): it sees every event of the workspace. */
  public static final String SUPERVISOR = "supervisor";

  private static final String CONTENT_TYPE = "twilio-fpa;v=1";

  @Inject private ApiKeyService keys;
  @Inject private Clock clock;

  /** What a verified token grants. {@code workerSid} is null for a workspace token. */
  public record Verified(
      String keySid,
      String accountSid,
      String workspaceSid,
      String workerSid,
      String role,
      String identity,
      Instant expiresAt) {

    public boolean isWorker() {
      return workerSid != null;
    }
  }

  /** A new token signed with {@code key}, valid for {@code ttl} from now. */
  public String mint(
      KeySecret key,
      String identity,
      String workspaceSid,
      String workerSid,
      String role,
      Duration ttl) {
    Instant now = clock.instant();
    Map<String, Object> taskRouter = new LinkedHashMap<>();
    taskRouter.put("workspace_sid", workspaceSid);
    if (workerSid != null) {
      taskRouter.put("worker_sid", workerSid);
    }
    taskRouter.put("role", role);
    Map<String, Object> grants = new LinkedHashMap<>();
    grants.put("identity", identity);
    grants.put("task_router", taskRouter);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .jwtID(key.keySid() + "-" + now.getEpochSecond())
            .issuer(key.keySid())
            .subject(key.accountSid())
            .notBeforeTime(Date.from(now.minusSeconds(1)))
            .expirationTime(Date.from(now.plus(ttl)))
            .claim("grants", grants)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .type(JOSEObjectType.JWT)
            .contentType(CONTENT_TYPE)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new MACSigner(key.secret().getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign an Access Token", e);
    }
    return jwt.serialize();
  }

  /**
   * Verifies a token's signature, key, account, lifetime and TaskRouter grant.
   *
   * @throws AuthenticationException with Twilio's code: 20101 malformed, 20103 unknown or revoked
   *     key or a key of another account, 20104 expired or not yet valid, 20107 bad signature, 20106
   *     no TaskRouter grant
   */
  public Verified verify(String token) {
    if (token == null || token.isBlank()) {
      throw new AuthenticationException(20101, "Invalid Access Token: none given");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token.trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new AuthenticationException(20101, "Invalid Access Token: not a signed JWT");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new AuthenticationException(20101, "Invalid Access Token: the algorithm must be HS256");
    }
    KeySecret key =
        keys.secret(claims.getIssuer())
            .orElseThrow(
                () ->
                    new AuthenticationException(
                        20103, "Invalid Access Token issuer: no such API key (or it was deleted)"));
    if (!key.accountSid().equals(claims.getSubject())) {
      throw new AuthenticationException(
          20103, "Invalid Access Token subject: the API key belongs to another account");
    }
    try {
      if (!jwt.verify(new MACVerifier(key.secret().getBytes(StandardCharsets.UTF_8)))) {
        throw new AuthenticationException(20107, "Invalid Access Token signature");
      }
    } catch (JOSEException e) {
      throw new AuthenticationException(20107, "Invalid Access Token signature");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw new AuthenticationException(20104, "Access Token expired or expiration date invalid");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plusSeconds(5).isBefore(nbf.toInstant())) {
      throw new AuthenticationException(20104, "Access Token is not valid yet");
    }
    return grantOf(claims, key, exp.toInstant());
  }

  private static Verified grantOf(JWTClaimsSet claims, KeySecret key, Instant expiresAt) {
    Map<String, Object> grants;
    try {
      grants = claims.getJSONObjectClaim("grants");
    } catch (ParseException e) {
      grants = null;
    }
    Object taskRouter = grants == null ? null : grants.get("task_router");
    if (!(taskRouter instanceof Map<?, ?> tr) || !(tr.get("workspace_sid") instanceof String ws)) {
      throw new AuthenticationException(
          20106,
          "Invalid Access Token grants: a TaskRouter grant with a workspace_sid is required");
    }
    String worker = tr.get("worker_sid") instanceof String w && !w.isBlank() ? w : null;
    String role = tr.get("role") instanceof String r ? r : (worker == null ? SUPERVISOR : WORKER);
    if (worker == null && !SUPERVISOR.equals(role) && !"admin".equals(role)) {
      throw new AuthenticationException(
          20106, "Invalid Access Token grants: a token without worker_sid needs role supervisor");
    }
    Object identity = grants.get("identity");
    return new Verified(
        key.keySid(),
        key.accountSid(),
        ws,
        worker,
        role,
        identity == null ? null : identity.toString(),
        expiresAt);
  }
}
