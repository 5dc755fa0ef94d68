package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoghubSampleTest {

    @Test
    void bundlesThreeHundredLinesOfEachOfTheEightDatasetsInterleaved() {
        List<LoghubLine> lines = LoghubSample.load().lines();

        assertThat(lines).hasSize(8 * 300);
        assertThat(lines.subList(0, 8)).extracting(LoghubLine::dataset).containsExactlyElementsOf(LoghubSample.DATASETS);
        assertThat(lines.get(0).text()).startsWith("081109 203615 148 INFO dfs.DataNode$PacketResponder");
        assertThat(lines).allSatisfy(line -> assertThat(line.level()).isEqualTo(LineLevels.of(line.text())));
    }

    @Test
    void shipsTheLoghubLicenceAndCitationBesideTheData() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(loader.getResource("loghub/LICENSE")).isNotNull();
        assertThat(loader.getResource("loghub/CITATION")).isNotNull();
    }
}
