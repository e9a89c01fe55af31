package org.switchboard.web.realtime;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.switchboard.application.ApiKeyService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.apikey.ApiKey;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.web.api.auth.CallerAccount;

/**
 * Twilio's {@code /2010-04-01/Accounts/{AccountSid}/Keys} resource: form parameters in, JSON out,
 * dates in RFC 2822 as Twilio's 2010 API writes them, the secret only in the answer that created
 * the key. An account sees only its own keys; another account's path answers 404.
 */
@Path("Accounts/{AccountSid}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
          .withZone(ZoneOffset.UTC);

  @Inject private ApiKeyService keys;
  @Inject private CallerAccount caller;

  @PathParam("AccountSid")
  private String accountSid;

  @Context private UriInfo uriInfo;

  /** A key as Twilio's {@code api.v2010.account.key} shows it. */
  public record KeyDto(String sid, String friendlyName, String dateCreated, String dateUpdated) {
    static KeyDto from(ApiKey k) {
      return new KeyDto(
          k.getSid(), k.getFriendlyName(), date(k.getDateCreated()), date(k.getDateUpdated()));
    }
  }

  /** A key just created: the only answer that carries its {@code secret}. */
  public record NewKeyDto(
      String sid, String friendlyName, String dateCreated, String dateUpdated, String secret) {}

  @POST
  @Path("Keys.json")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(MultivaluedMap<String, String> form) {
    ApiKeyService.Created created = keys.create(account(), form.getFirst("FriendlyName"));
    KeyDto k = KeyDto.from(created.key());
    return Response.status(Response.Status.CREATED)
        .entity(
            new NewKeyDto(
                k.sid(), k.friendlyName(), k.dateCreated(), k.dateUpdated(), created.secret()))
        .build();
  }

  @GET
  @Path("Keys.json")
  public Map<String, Object> list(
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<ApiKey> found = keys.list(account(), PageRequest.parse(page, pageSize, pageToken));
    String uri = "/2010-04-01/Accounts/" + accountSid + "/Keys.json?PageSize=" + found.pageSize();
    int start = found.page() * found.pageSize();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("keys", found.items().stream().map(KeyDto::from).toList());
    body.put("end", start + Math.max(0, found.items().size() - 1));
    body.put("first_page_uri", uri + "&Page=0");
    body.put(
        "next_page_uri",
        found.next() == null
            ? null
            : uri + "&Page=" + (found.page() + 1) + "&PageToken=" + found.next().encode());
    body.put("page", found.page());
    body.put("page_size", found.pageSize());
    body.put(
        "previous_page_uri",
        found.previous() == null
            ? null
            : uri
                + "&Page="
                + Math.max(0, found.page() - 1)
                + "&PageToken="
                + found.previous().encode());
    body.put("start", start);
    body.put("uri", uri + "&Page=" + found.page());
    return body;
  }

  @GET
  @Path("Keys/{Sid}.json")
  public KeyDto get(@PathParam("Sid") String sid) {
    return KeyDto.from(keys.get(account(), sid));
  }

  @POST
  @Path("Keys/{Sid}.json")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public KeyDto update(@PathParam("Sid") String sid, MultivaluedMap<String, String> form) {
    return KeyDto.from(keys.rename(account(), sid, form.getFirst("FriendlyName")));
  }

  @DELETE
  @Path("Keys/{Sid}.json")
  public Response delete(@PathParam("Sid") String sid) {
    keys.delete(account(), sid);
    return Response.noContent().build();
  }

  /** The path's account, which must be the caller's. */
  private String account() {
    Mounts.require(uriInfo, "2010-04-01");
    if (!caller.sid().equals(accountSid)) {
      throw new NotFoundException(
          "The requested resource /2010-04-01/Accounts/" + accountSid + " was not found");
    }
    return accountSid;
  }

  private static String date(Instant instant) {
    return instant == null ? null : RFC_2822.format(instant);
  }
}
