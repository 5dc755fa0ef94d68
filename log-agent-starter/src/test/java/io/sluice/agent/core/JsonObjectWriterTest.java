package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Random;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import org.junit.jupiter.api.Test;

class JsonObjectWriterTest {

    @Test
    void writesAnEmptyObjectWhenNoFieldIsAdded() {
        assertThat(new JsonObjectWriter().toJson()).isEqualTo("{}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonObjectWriter()
                .field("q\"uote", "say \"hi\" \\ back")
                .field("ctl", "a\nb\rc\td\b\f\u0000\u001f\u007f")
                .field("none", null)
                .toJson();

        assertThat(json).isEqualTo("{\"q\\\"uote\":\"say \\\"hi\\\" \\\\ back\","
                + "\"ctl\":\"a\\nb\\rc\\td\\b\\f\\u0000\\u001f\\u007f\",\"none\":null}");
    }

    @Test
    void keepsSurrogatePairsAndReplacesUnpairedSurrogates() {
        String json = new JsonObjectWriter()
                .field("emoji", "ok \uD83D\uDE00 fine")
                .field("broken", "hi\uD83D there \uDE00 end\uD83D")
                .toJson();

        assertThat(json).isEqualTo("{\"emoji\":\"ok \uD83D\uDE00 fine\",\"broken\":\"hi\uFFFD there \uFFFD end\uFFFD\"}");
    }

    @Test
    void producesValidJsonAndValidUtf8ThatParsesBackToTheSameTextForArbitraryStrings() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            String key = randomText(random);
            String value = randomText(random);
            String json = new JsonObjectWriter().field(key, value).field("fixed", "x").toJson();

            JSONObject parsed = (JSONObject) new JSONParser(JSONParser.MODE_RFC4627).parse(json);
            assertThat(parsed).containsEntry(Utf16.wellFormed(key), Utf16.wellFormed(value)).containsEntry("fixed", "x");
            assertValidUtf8(json);
        }
    }

    @Test
    void rejectsFieldsAfterTheObjectWasWritten() {
        JsonObjectWriter writer = new JsonObjectWriter().field("a", "b");
        writer.toJson();
        assertThatIllegalStateException().isThrownBy(() -> writer.field("c", "d"));
        assertThat(writer.toJson()).isEqualTo("{\"a\":\"b\"}");
    }

    private static String randomText(Random random) {
        char[] alphabet = {'a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u0001', '\u001f', '\u007f', 'é',
                '\u2028', '\uD83D', '\uDE00', '\uFFFD', '{', '}', ':'};
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private static void assertValidUtf8(String json) {
        assertThat(Utf16.firstUnpaired(json, 0)).as("unpaired surrogate in %s", json).isEqualTo(-1);
    }
}
