package org.dbn4j.cli;

/**
 * A mistake in what the user asked for (a file, an option, a combination): printed as one line
 * on stderr with exit code 2, never with a stack trace unless {@code --verbose}.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and, where it helps, how to fix it
     */
    public UserException(String message) {
        super(message);
    }
}
