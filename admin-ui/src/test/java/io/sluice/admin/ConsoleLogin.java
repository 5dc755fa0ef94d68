package io.sluice.admin;

import io.sluice.admin.session.SessionCookie;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Test clients of the console, anonymous or signed in through {@code POST /login} as a browser would. */
public final class ConsoleLogin {

    private ConsoleLogin() {
    }

    /** A client of the console on {@code port} without a session. */
    public static WebTestClient anonymous(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }

    /** The session cookie {@code POST /login} sets for {@code apiKey} (which must be valid). */
    public static ResponseCookie signIn(int port, String apiKey) {
        return anonymous(port).post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("apiKey", apiKey))
                .exchange()
                .expectStatus().isSeeOther()
                .returnResult(Void.class)
                .getResponseCookies().getFirst(SessionCookie.NAME);
    }

    /** A client of the console on {@code port} signed in with {@code apiKey}. */
    public static WebTestClient signedIn(int port, String apiKey) {
        ResponseCookie cookie = signIn(port, apiKey);
        return anonymous(port).mutate().defaultCookie(cookie.getName(), cookie.getValue()).build();
    }
}
