package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.alert.intake.AlertIntakeService;
import io.sluice.alert.rule.RuleController;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link AlertConfiguration}'s on/off switch. (Its beans at work are covered by the Spring Boot tests.) */
class AlertConfigurationTest {

    @Test
    void contributesNothingWhenSwitchedOff() {
        new ApplicationContextRunner()
                .withUserConfiguration(AlertConfiguration.class)
                .withPropertyValues("sluice.alert.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(AlertIntakeService.class)
                        .doesNotHaveBean(RuleController.class)
                        .doesNotHaveBean(AlertSchema.class));
    }
}
