package io.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {

    @Test
    void dataDirectoryUnderTheTempDirectoryIsSpelledSoMariaDb4jKeepsIt() {
        Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "checkout", "data", "mariadb", "data");
        assertThat(EmbeddedMariaDb.keptDirectory(underTmp).getPath())
                .doesNotStartWith(System.getProperty("java.io.tmpdir"))
                .endsWith("checkout/data/mariadb/data");
        assertThat(EmbeddedMariaDb.keptDirectory(underTmp).getAbsoluteFile().toPath().normalize())
                .isEqualTo(underTmp.toAbsolutePath().normalize());
    }

    @Test
    void dataDirectoryElsewhereIsUsedAsIs() {
        // Absolute and outside java.io.tmpdir wherever the checkout is (CI may clone under /tmp).
        Path elsewhere = Path.of("/opt", "sluice-data", "mariadb", "data");
        assertThat(elsewhere.startsWith(Path.of(System.getProperty("java.io.tmpdir")))).isFalse();
        assertThat(EmbeddedMariaDb.keptDirectory(elsewhere).toPath()).isEqualTo(elsewhere);
    }
}
