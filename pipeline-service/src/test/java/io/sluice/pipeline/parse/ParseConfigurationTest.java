package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ParseConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(ParseConfiguration.class);

    @Test
    void rulesBoundFromPropertiesDriveTheStage() {
        runner.withPropertyValues("sluice.pipeline.parse.rules[0].match={service=\"billing\"}",
                        "sluice.pipeline.parse.rules[0].parser=grok",
                        "sluice.pipeline.parse.rules[0].pattern=order %{ORDERID:order}",
                        "sluice.pipeline.parse.grok-patterns.ORDERID=ORD-%{INT}",
                        "sluice.pipeline.multiline.rules[0].start=^[^\\s]",
                        "sluice.pipeline.multiline.max-lines=2")
                .run(context -> {
                    ParseStage stage = context.getBean(ParseStage.class);
                    List<PipelineEvent> out = stage.apply(new ArrayList<>(List.of(Events.event("billing", "h", "INFO", "order ORD-7 failed"),
                            Events.event("billing", "h", "INFO", "\tat x"), Events.event("billing", "h", "INFO", "\tat y"))));
                    assertThat(out).extracting(PipelineEvent::message).containsExactly("order ORD-7 failed\n\tat x", "\tat y");
                    assertThat(out.get(0).fields()).containsEntry("order", "ORD-7");
                });
    }

    @Test
    void aRuleThatDoesNotCompileStopsStartUpNamingTheRule() {
        runner.withPropertyValues("sluice.pipeline.parse.rules[0].name=nginx", "sluice.pipeline.parse.rules[0].parser=grok",
                        "sluice.pipeline.parse.rules[0].pattern=%{NOPE:x}")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("parse rule 'nginx': unknown grok pattern %{NOPE}")
                        .hasRootCauseMessage("unknown grok pattern %{NOPE} in %{NOPE:x}")
                        .rootCause().isInstanceOf(IllegalArgumentException.class));
    }
}
