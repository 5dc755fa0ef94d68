package io.sluice.admin.session;

import static io.sluice.admin.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.admin.AdminApplication;
import io.sluice.admin.ConsoleLogin;
import io.sluice.admin.TestDatabase;
import io.sluice.admin.overview.StatsServer;
import io.sluice.admin.web.ConsoleHeadersFilter;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.platform.tenant.IssuedApiKey;
import io.sluice.platform.tenant.TenantAdmin;
import io.sluice.platform.tenant.TenantStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The console signs in with an API key and shows that key's tenant only: tenant B's key never
 * shows tenant A's events on any page or console endpoint; no session redirects to the sign-in
 * page (pages) or gets 401 (data); a wrong key gets the form again with 401; the cookie is
 * HttpOnly and SameSite=Strict, and a form posted from another site is refused.
 */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTenancyTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final StatsServer ANALYTICS = new StatsServer();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT_A = "h_tenantscope_a" + RUN;
    private static final String TENANT_B = "h_tenantscope_b" + RUN;
    private static final Instant NOW = Instant.now();

    @Autowired
    ArchiveSink writer;

    @Autowired
    TenantStore store;

    @Autowired
    TenantAdmin admin;

    @LocalServerPort
    int port;

    String keyA;
    String keyB;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", DATABASE::url);
        registry.add("sluice.admin.analytics-url", ANALYTICS::url);
        registry.add("sluice.redis.key-prefix", () -> "h_tenantscope:" + UUID.randomUUID() + ":");
    }

    @BeforeAll
    void tenantsAndEvents() {
        keyA = key(TENANT_A);
        keyB = key(TENANT_B);
        writer.write(List.of(new ArchiveEntry("console-tenancy-test", List.of(
                event(TENANT_A, NOW.minus(Duration.ofMinutes(2)), "checkout", "host-a", "ERROR", "secret of tenant A"),
                event(TENANT_B, NOW.minus(Duration.ofMinutes(3)), "billing", "host-b", "INFO", "tenant B invoice sent")))))
                .block(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        ANALYTICS.close();
        DATABASE.drop();
    }

    @Test
    void withoutASessionPagesRedirectToTheSignInPageAndDataEndpointsAnswer401() {
        WebTestClient anonymous = ConsoleLogin.anonymous(port);
        anonymous.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isSeeOther().expectHeader().location("/login");
        anonymous.get().uri("/search?query={q}", "{service=\"checkout\"}").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().value(HttpHeaders.LOCATION, l -> assertThat(l).startsWith("/login?next=%2Fsearch%3Fquery%3D"));
        anonymous.get().uri("/console/api/stats").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isNotEmpty();
        assertThat(ANALYTICS.lastQuery() == null || !ANALYTICS.lastQuery().get("tenant").contains("default")).isTrue();
    }

    @Test
    void aShippersProbeOfTheRootWithAKeyButNoSessionGetsNoConsoleData() {
        WebTestClient anonymous = ConsoleLogin.anonymous(port);
        String body = anonymous.get().uri("/").header(HttpHeaders.AUTHORIZATION, "Bearer " + keyB).accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().value(status -> assertThat(status).isNotEqualTo(200))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body == null ? "" : body).doesNotContain(TENANT_B);
        anonymous.get().uri("/").header(HttpHeaders.AUTHORIZATION, "Bearer " + keyB).exchange()
                .expectStatus().isSeeOther().expectHeader().location("/login");
        anonymous.head().uri("/").exchange()
                .expectStatus().isSeeOther().expectHeader().location("/login");
    }

    @Test
    void aWrongKeyGetsTheFormAgainWith401AndNoSession() {
        var result = ConsoleLogin.anonymous(port).post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("apiKey", "slk_" + "w".repeat(43)))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleHeadersFilter.POLICY)
                .returnResult(String.class);
        assertThat(result.getResponseCookies().get(SessionCookie.NAME)).isNull();
        String html = String.join("", result.getResponseBody().collectList().block(Duration.ofSeconds(60)));
        assertThat(html).contains("That API key is not valid").contains("name=\"apiKey\"");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndDoesNotHoldTheKey() {
        ResponseCookie cookie = ConsoleLogin.signIn(port, keyB);

        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getValue()).isNotBlank().doesNotContain(keyB).doesNotContain(keyB.substring(4, 20));
    }

    @Test
    void tenantBsKeyNeverShowsTenantAsEventsOnAnyPage() {
        WebTestClient b = ConsoleLogin.signedIn(port, keyB);

        String search = html(b, "/search?query={q}&from=now-1h", "{}");
        assertThat(search).contains("tenant B invoice sent").doesNotContain("secret of tenant A");
        assertThat(search).contains(TENANT_B).doesNotContain(TENANT_A);
        assertThat(html(b, "/search?query={q}", "{service=\"checkout\"}")).doesNotContain("secret of tenant A");
        assertThat(html(b, "/search?query={q}", "{} |= \"secret\"")).doesNotContain("secret of tenant A");

        assertThat(html(b, "/", null)).contains(TENANT_B).doesNotContain(TENANT_A);
        assertThat(ANALYTICS.lastQuery().get("tenant")).containsExactly(TENANT_B);
        assertThat(ANALYTICS.lastAuthorization()).isEqualTo("Bearer " + keyB);
        b.get().uri("/console/api/stats").exchange().expectStatus().isOk();
        assertThat(ANALYTICS.lastQuery().get("tenant")).containsExactly(TENANT_B);
        assertThat(ANALYTICS.lastAuthorization()).isEqualTo("Bearer " + keyB);

        WebTestClient a = ConsoleLogin.signedIn(port, keyA);
        assertThat(html(a, "/search?query={q}", "{}")).contains("secret of tenant A").doesNotContain("tenant B invoice sent");
    }

    @Test
    void anAlteredOrForeignCookieIsNoSession() {
        ResponseCookie cookie = ConsoleLogin.signIn(port, keyB);
        String value = cookie.getValue();
        String altered = value.substring(0, value.length() - 2) + (value.endsWith("AA") ? "BB" : "AA");
        for (String bad : List.of(altered, keyB, "x")) {
            ConsoleLogin.anonymous(port).get().uri("/search").cookie(SessionCookie.NAME, bad).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isSeeOther()
                    .expectHeader().value(HttpHeaders.LOCATION, l -> assertThat(l).startsWith("/login"));
        }
    }

    @Test
    void signingInReturnsToThePageAskedForAndSigningOutEndsTheSession() {
        ConsoleLogin.anonymous(port).post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("apiKey", keyB).with("next", "/search?query=%7B%7D"))
                .exchange()
                .expectStatus().isSeeOther().expectHeader().location("/search?query=%7B%7D");
        ConsoleLogin.anonymous(port).post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("apiKey", keyB).with("next", "//evil.example/"))
                .exchange()
                .expectStatus().isSeeOther().expectHeader().location("/");

        WebTestClient b = ConsoleLogin.signedIn(port, keyB);
        var out = b.post().uri("/logout").exchange().expectStatus().isSeeOther().expectHeader().location("/login").returnResult(Void.class);
        ResponseCookie cleared = out.getResponseCookies().getFirst(SessionCookie.NAME);
        assertThat(cleared.getValue()).isEmpty();
        assertThat(cleared.getMaxAge()).isZero();
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        ConsoleLogin.anonymous(port).post().uri("/login").header(HttpHeaders.ORIGIN, "http://evil.example")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData("apiKey", keyB))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
        ConsoleLogin.anonymous(port).post().uri("/login").header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData("apiKey", keyB))
                .exchange()
                .expectStatus().isForbidden();
        ConsoleLogin.anonymous(port).post().uri("/login").header(HttpHeaders.ORIGIN, "http://127.0.0.1:" + port)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData("apiKey", keyB))
                .exchange()
                .expectStatus().isSeeOther();
    }

    @Test
    void revokingTheKeyEndsItsSessions() {
        IssuedApiKey issued = admin.createKey(TENANT_B, "to revoke").block(Duration.ofSeconds(60));
        WebTestClient b = ConsoleLogin.signedIn(port, issued.key());
        b.get().uri("/search").accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();

        admin.revokeKey(issued.info().id()).block(Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                b.get().uri("/search").accept(MediaType.TEXT_HTML).exchange().expectStatus().isSeeOther());
    }

    @Test
    void theSignInPageCarriesTheConsoleSecurityHeaders() {
        String html = ConsoleLogin.anonymous(port).get().uri("/login").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleHeadersFilter.POLICY)
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("type=\"password\"").contains("action=\"/login\"").doesNotContain("Sign out");
    }

    private String key(String tenant) {
        return store.ensureTenant(tenant, tenant).then(admin.createKey(tenant, "console test")).map(IssuedApiKey::key)
                .block(Duration.ofSeconds(60));
    }

    private static String html(WebTestClient client, String uri, String value) {
        return client.get().uri(uri, value == null ? new Object[0] : new Object[] {value}).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
