package io.sluice.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuiltInMasksTest {

    @Test
    void emailAddressesAreReplacedAndTheRestOfTheLineIsKept() {
        assertThat(BuiltInMasks.email("password reset sent to ada.lovelace+test@example.co.uk for user 42"))
                .isEqualTo("password reset sent to <email> for user 42");
        String noAt = "nothing to see";
        assertThat(BuiltInMasks.email(noAt)).isSameAs(noAt);
    }

    @Test
    void cardNumbersAreMaskedOnlyWhenTheyPassTheLuhnCheck() {
        assertThat(BuiltInMasks.card("paid with 4111 1111 1111 1111 ok")).isEqualTo("paid with <card> ok");
        assertThat(BuiltInMasks.card("paid with 5500-0000-0000-0004")).isEqualTo("paid with <card>");
        assertThat(BuiltInMasks.card("card=4012888888881881;")).isEqualTo("card=<card>;");
        assertThat(BuiltInMasks.card("order 4111111111111112 shipped")).as("fails Luhn").isEqualTo("order 4111111111111112 shipped");
        assertThat(BuiltInMasks.card("ts 1764000000001 id 12")).as("13 digits failing Luhn").isEqualTo("ts 1764000000001 id 12");
        assertThat(BuiltInMasks.luhn("79927398713")).isTrue();
        assertThat(BuiltInMasks.luhn("79927398710")).isFalse();
    }

    @Test
    void bearerTokensJwtsKnownKeyFormatsAndSecretAssignmentsAreMasked() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assertThat(BuiltInMasks.token("Authorization: Bearer abcDEF123456789.xyz sent"))
                .isEqualTo("Authorization: Bearer <token> sent");
        assertThat(BuiltInMasks.token("session " + jwt + " accepted")).isEqualTo("session <token> accepted");
        assertThat(BuiltInMasks.token("key slk_AbCdEfGhIjKlMnOpQrStUvWxYz012345 used")).isEqualTo("key <token> used");
        assertThat(BuiltInMasks.token("aws AKIAIOSFODNN7EXAMPLE")).isEqualTo("aws <token>");
        assertThat(BuiltInMasks.token("login user=ada password=hunter2 ok")).isEqualTo("login user=ada password=<token> ok");
        assertThat(BuiltInMasks.token("{\"api_key\": \"s3cr3t\"}")).isEqualTo("{\"api_key\": \"<token>\"}");
        assertThat(BuiltInMasks.token("GET /health 200")).isEqualTo("GET /health 200");
    }

    @Test
    void ipv4AddressesAreMaskedButVersionsAndLongerDottedNumbersAreNot() {
        assertThat(BuiltInMasks.ipv4("connect from 10.0.12.255:443 refused")).isEqualTo("connect from <ip>:443 refused");
        assertThat(BuiltInMasks.ipv4("version 1.2.3 released")).isEqualTo("version 1.2.3 released");
        assertThat(BuiltInMasks.ipv4("oid 1.3.6.1.4.1")).isEqualTo("oid 1.3.6.1.4.1");
        assertThat(BuiltInMasks.ipv4("bad 300.1.1.1")).isEqualTo("bad 300.1.1.1");
    }
}
