package io.sluice.admin.web;

import io.sluice.common.event.Levels;
import java.util.Locale;

/**
 * The CSS class that colours a level ({@code lvl-error}, …). Only known levels map to their own
 * class; anything else, including hostile text from a log event, becomes {@code lvl-other}.
 */
public final class LevelStyle {

    private LevelStyle() {
    }

    /** The CSS class for {@code level}. */
    public static String cssClass(String level) {
        return Levels.normalize(level).map(l -> "lvl-" + l.toLowerCase(Locale.ROOT)).orElse("lvl-other");
    }
}
