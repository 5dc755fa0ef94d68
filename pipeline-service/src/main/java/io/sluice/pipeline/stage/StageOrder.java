package io.sluice.pipeline.stage;

/** The order of the pipeline's stages ({@link org.springframework.core.annotation.Order} values). */
public final class StageOrder {

    /** Multiline joining, parsers, timestamps and levels. */
    public static final int PARSE = 100;
    /** Pipeline rules: drop, sample, mask, add/rename fields, route. */
    public static final int RULES = 200;
    /** Pattern mining: template ids on the final, masked message. */
    public static final int MINE = 300;

    private StageOrder() {
    }
}
