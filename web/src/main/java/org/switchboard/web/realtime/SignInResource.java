package org.switchboard.web.realtime;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import org.switchboard.application.ApiKeyService;
import org.switchboard.application.SignInService;
import org.switchboard.application.WorkerService;
import org.switchboard.application.Workspaces;
import org.switchboard.domain.shared.AuthenticationException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.auth.BasicAuthenticationFilter;

/**
 * How the agent and supervisor pages get their Access Tokens.
 *
 * <ul>
 *   <li>{@code POST /realtime/sign-in-links} (HTTP Basic as the account): a one-time code and the
 *       agent page's URL carrying it, for one worker;
 *   <li>{@code POST /realtime/agent-tokens} (no Basic auth): a sign-in {@code Code}, or a still
 *       valid worker {@code Token}, for a fresh worker token (one hour);
 *   <li>{@code POST /realtime/workspace-tokens} (HTTP Basic): a workspace token (role supervisor)
 *       whose socket sees every event of the workspace;
 *   <li>{@code POST /realtime/supervisor-sign-in-links} (HTTP Basic as the account): a one-time
 *       code and the supervisor page's URL carrying it, for one workspace;
 *   <li>{@code POST /realtime/supervisor-tokens} (no Basic auth): a supervisor's sign-in {@code
 *       Code}, or a still valid workspace {@code Token}, for a fresh workspace token (one hour),
 *       with which the supervisor page reads that workspace over {@code /v1} (Bearer) and opens its
 *       socket, so the account's AuthToken never reaches the browser.
 * </ul>
 *
 * Tokens are signed with a key Switchboard manages for the account, so they are ordinary Twilio
 * Access Tokens.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class SignInResource {

  /** The lifetime of the tokens handed out here, in seconds. */
  static final int TOKEN_TTL = 3600;

  @Inject private BasicAuthenticationFilter basic;
  @Inject private SignInService signIn;
  @Inject private ApiKeyService keys;
  @Inject private WorkerService workers;
  @Inject private Workspaces workspaces;
  @Inject private AccessTokens tokens;
  @Context private UriInfo uriInfo;
  @Context private HttpServletRequest servletRequest;

  /** The answer of {@code sign-in-links}. */
  public record SignInLinkDto(
      String code, String url, String workerSid, String workspaceSid, String expiresAt) {}

  /** The answer of {@code agent-tokens} and {@code workspace-tokens}. */
  public record TokenDto(
      String token,
      String accountSid,
      String workspaceSid,
      String workerSid,
      int expiresIn,
      String ebServer,
      String wsServer) {}

  @POST
  @Path("sign-in-links")
  public Response signInLink(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      MultivaluedMap<String, String> form) {
    Mounts.require(uriInfo, "realtime");
    String account = account(authorization);
    String workspace = required(form, "WorkspaceSid");
    String worker = required(form, "WorkerSid");
    SignInService.Issued issued =
        signIn.issue(account, workspace, worker, ApiFormat.integer("Ttl", form.getFirst("Ttl")));
    return Response.status(Response.Status.CREATED)
        .entity(
            new SignInLinkDto(
                issued.code(),
                root() + "agent/#code=" + issued.code(),
                issued.workerSid(),
                issued.workspaceSid(),
                ApiFormat.iso(issued.expiresAt())))
        .build();
  }

  @POST
  @Path("agent-tokens")
  public TokenDto agentToken(MultivaluedMap<String, String> form) {
    Mounts.require(uriInfo, "realtime");
    String code = form.getFirst("Code");
    String token = form.getFirst("Token");
    String account;
    String workspace;
    String worker;
    if (code != null && !code.isBlank()) {
      SignInService.Grant grant = signIn.redeem(code, false);
      account = grant.accountSid();
      workspace = grant.workspaceSid();
      worker = grant.workerSid();
    } else if (token != null && !token.isBlank()) {
      AccessTokens.Verified verified = tokens.verify(token);
      if (!verified.isWorker()) {
        throw new AuthenticationException(20106, "Token must be a worker's token");
      }
      account = verified.accountSid();
      workspace = verified.workspaceSid();
      worker = workers.get(account, workspace, verified.workerSid()).getSid();
    } else {
      throw new AuthenticationException("Give a sign-in Code or a still valid worker Token");
    }
    return issue(account, workspace, worker, AccessTokens.WORKER, worker);
  }

  @POST
  @Path("supervisor-sign-in-links")
  public Response supervisorSignInLink(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      MultivaluedMap<String, String> form) {
    Mounts.require(uriInfo, "realtime");
    String account = account(authorization);
    SignInService.Issued issued =
        signIn.issueForSupervisor(
            account,
            required(form, "WorkspaceSid"),
            ApiFormat.integer("Ttl", form.getFirst("Ttl")));
    return Response.status(Response.Status.CREATED)
        .entity(
            new SignInLinkDto(
                issued.code(),
                root() + "supervisor/#code=" + issued.code(),
                null,
                issued.workspaceSid(),
                ApiFormat.iso(issued.expiresAt())))
        .build();
  }

  @POST
  @Path("supervisor-tokens")
  public TokenDto supervisorToken(MultivaluedMap<String, String> form) {
    Mounts.require(uriInfo, "realtime");
    String code = form.getFirst("Code");
    String token = form.getFirst("Token");
    String account;
    String workspace;
    if (code != null && !code.isBlank()) {
      SignInService.Grant grant = signIn.redeem(code, true);
      account = grant.accountSid();
      workspace = grant.workspaceSid();
    } else if (token != null && !token.isBlank()) {
      AccessTokens.Verified verified = tokens.verify(token);
      if (verified.isWorker()) {
        throw new AuthenticationException(20106, "Token must be a workspace (supervisor) token");
      }
      account = verified.accountSid();
      workspace = workspaces.require(account, verified.workspaceSid()).getSid();
    } else {
      throw new AuthenticationException("Give a sign-in Code or a still valid workspace Token");
    }
    return issue(account, workspace, null, AccessTokens.SUPERVISOR, "supervisor");
  }

  @POST
  @Path("workspace-tokens")
  public TokenDto workspaceToken(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      MultivaluedMap<String, String> form) {
    Mounts.require(uriInfo, "realtime");
    String account = account(authorization);
    String workspace = workspaces.require(account, required(form, "WorkspaceSid")).getSid();
    return issue(account, workspace, null, AccessTokens.SUPERVISOR, "supervisor");
  }

  private TokenDto issue(
      String account, String workspace, String worker, String role, String identity) {
    String jwt =
        tokens.mint(
            keys.managedKey(account),
            identity,
            workspace,
            worker,
            role,
            Duration.ofSeconds(TOKEN_TTL));
    String root = root();
    return new TokenDto(
        jwt,
        account,
        workspace,
        worker,
        TOKEN_TTL,
        root + "realtime/eb",
        root.replaceFirst("^http", "ws") + "realtime/ws");
  }

  private String account(String authorization) {
    return basic
        .authenticate(authorization, servletRequest.getRemoteAddr(), false)
        .orElseThrow(() -> new AuthenticationException("Authenticate"));
  }

  /** The server's root URL as the caller reached it, ending in a slash. */
  private String root() {
    URI base = uriInfo.getBaseUri();
    return base.resolve("/").toString();
  }

  private static String required(MultivaluedMap<String, String> form, String name) {
    String value = form.getFirst(name);
    if (value == null || value.isBlank()) {
      throw InvalidParameterException.required(name);
    }
    return value.trim();
  }
}
