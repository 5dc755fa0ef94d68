package io.sluice.admin.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the console's sign-in (until users exist, issue 7, the console is signed in with an
 * API key and acts for its tenant).
 *
 * @param maxAge how long a sign-in lasts (the cookie's {@code Max-Age} and the token's expiry)
 * @param secret the secret session tokens are sealed with; any string of at least 32 characters.
 *        Unset: a random secret per process, so a restart signs everyone out, and several console
 *        instances behind one address need the same configured secret
 * @param secureCookie whether the cookie is always marked {@code Secure}; it is anyway when the
 *        request came over https
 */
@ConfigurationProperties("sluice.admin.session")
public record SessionProperties(
        @DefaultValue("12h") Duration maxAge,
        String secret,
        @DefaultValue("false") boolean secureCookie) {
}
