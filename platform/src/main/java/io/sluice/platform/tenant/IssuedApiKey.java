package io.sluice.platform.tenant;

/**
 * A key just created: the only time its text is available (only its hash is stored).
 *
 * @param info the stored description of the key
 * @param key the key text, to hand to the user once
 */
public record IssuedApiKey(ApiKeyInfo info, String key) {

    @Override
    public String toString() {
        return "IssuedApiKey[info=" + info + ", key=" + info.prefix() + "…]";
    }
}
