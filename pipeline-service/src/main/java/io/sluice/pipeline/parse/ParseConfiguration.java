package io.sluice.pipeline.parse;

import io.sluice.pipeline.stage.StageOrder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The parse stage and its settings ({@code sluice.pipeline.parse.*}, {@code sluice.pipeline.multiline.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ParseProperties.class, MultilineProperties.class})
public class ParseConfiguration {

    @Bean
    @Order(StageOrder.PARSE)
    ParseStage pipelineParseStage(ParseProperties parse, MultilineProperties multiline) {
        return new ParseStage(parse, multiline);
    }
}
