package io.sluice.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ApiKeyFormatTest {

    @Test
    void generatedKeysAreSlkPrefixedBase64urlOf32RandomBytesAndDistinct() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = ApiKeyFormat.generate();
            assertThat(key).startsWith("slk_").hasSize(47).matches("slk_[A-Za-z0-9_-]{43}");
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void theHashIsSha256OfTheKeyText() {
        assertThat(ApiKeyFormat.hashHex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeyFormat.hash("abc")).hasSize(32);
    }

    @Test
    void onlyTheFirstEightCharactersOfALongKeyAndLittleOfAShortOneAreShown() {
        String key = ApiKeyFormat.generate();
        assertThat(ApiKeyFormat.displayPrefix(key)).isEqualTo(key.substring(0, 8));
        assertThat(ApiKeyFormat.displayPrefix("a-hand-chosen-key-20")).isEqualTo("a-ha");
        assertThat(ApiKeyFormat.displayPrefix("shortkey")).isEqualTo("sh");
        assertThat(ApiKeyFormat.displayPrefix("abc")).isEmpty();
    }

    @Test
    void tenantIdsAreLowerCaseSlugs() {
        assertThat(TenantIds.isValid("default")).isTrue();
        assertThat(TenantIds.isValid("team-a_2")).isTrue();
        assertThat(TenantIds.isValid("A")).isFalse();
        assertThat(TenantIds.isValid("a:b")).isFalse();
        assertThat(TenantIds.isValid("-a")).isFalse();
        assertThat(TenantIds.isValid("a".repeat(65))).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> TenantIds.requireValid("a b")).withMessageContaining("lower-case");
    }

    @Test
    void keysAreReadFromBearerBasicApiKeyAndTheBareHeader() {
        HttpHeaders h = new HttpHeaders();
        h.set("Authorization", "Bearer slk_x");
        assertThat(ApiKeyHeaders.apiKey(h)).isEqualTo("slk_x");
        h.set("Authorization", "Basic " + Base64.getEncoder().encodeToString("loki:slk_y".getBytes()));
        assertThat(ApiKeyHeaders.apiKey(h)).isEqualTo("slk_y");
        h.set("X-Sluice-Api-Key", "slk_z");
        assertThat(ApiKeyHeaders.apiKey(h)).isEqualTo("slk_z");
        assertThat(ApiKeyHeaders.apiKey(new HttpHeaders())).isNull();
        assertThat(ApiKeyHeaders.fromAuthorization("Bearer ")).isNull();
        assertThat(ApiKeyHeaders.fromAuthorization("Basic !!!")).isNull();
    }
}
