package io.sluice.pipeline.rules;

/** Replaces sensitive parts of a text; returns the same instance when nothing matched. Thread-safe. */
@FunctionalInterface
interface Masker {

    String mask(String text);
}
