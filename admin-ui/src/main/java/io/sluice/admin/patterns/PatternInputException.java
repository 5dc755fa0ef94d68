package io.sluice.admin.patterns;

/** A request parameter of the patterns API that cannot be used; answered with 400 and the message. */
final class PatternInputException extends RuntimeException {

    PatternInputException(String message) {
        super(message);
    }
}
