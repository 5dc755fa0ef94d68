package io.sluice.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.search.SearchApiController;
import io.sluice.logstore.engine.LogQueryEngine;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AdminConfigurationTest {

    @Test
    void switchedOffItCreatesNothingNotEvenTheArchive() {
        new ApplicationContextRunner()
                .withUserConfiguration(AdminConfiguration.class)
                .withPropertyValues("sluice.admin.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SearchApiController.class);
                    assertThat(context).doesNotHaveBean(LogQueryEngine.class);
                    assertThat(context).doesNotHaveBean(AdminProperties.class);
                });
    }

    @Test
    void theDefaultsWorkOutOfTheBox() {
        AdminProperties p = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("sluice.admin", AdminProperties.class);

        assertThat(p.enabled()).isTrue();
        assertThat(p.analyticsUrl()).isEqualTo("http://localhost:8083");
        assertThat(p.maxLimit()).isEqualTo(10000);
        assertThat(p.defaultLimit()).isEqualTo(100);
        assertThat(p.defaultRange()).isEqualTo(Duration.ofHours(1));
        assertThat(p.analyticsTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
