package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;

/** The page at {@code /}: what someone who opens the server's address in a browser finds. */
@ExtendWith(ArquillianExtension.class)
class LandingPageIT {

  private static final Pattern LINK = Pattern.compile("<a id=\"([a-z]+)\" href=\"([^\"]+)\"");

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void linksTheAgentAndSupervisorPagesAndTheOpenApiDocument() {
    // when someone opens the server's root without credentials
    ApiResponse landing = Api.anonymous().get("/");

    // then they get a page, not "Forbidden"
    assertThat(landing.status()).as(landing.toString()).isEqualTo(200);
    assertThat(landing.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("html"));
    Map<String, String> links = new LinkedHashMap<>();
    Matcher matcher = LINK.matcher(landing.body());
    while (matcher.find()) {
      links.put(matcher.group(1), matcher.group(2));
    }
    assertThat(links).containsOnlyKeys("agent", "supervisor", "openapi");

    // and every link resolves
    String base = Api.root() + "/";
    ApiResponse agent =
        Api.anonymous().get(URI.create(base).resolve(links.get("agent")).toString());
    assertThat(agent.status()).as(agent.toString()).isEqualTo(200);
    assertThat(agent.body()).contains("<title>Agent · Switchboard</title>");
    ApiResponse supervisor =
        Api.anonymous().get(URI.create(base).resolve(links.get("supervisor")).toString());
    assertThat(supervisor.status()).as(supervisor.toString()).isEqualTo(200);
    assertThat(supervisor.body()).contains("<title>Supervisor · Switchboard</title>");
    ApiResponse openApi =
        Api.anonymous().get(URI.create(base).resolve(links.get("openapi")).toString());
    assertThat(openApi.status()).as(openApi.toString()).isEqualTo(200);
    assertThat(openApi.json().getJsonObject("paths").keySet()).contains("/v1/Workspaces");
  }
}
