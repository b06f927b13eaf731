package org.dbn4j.tensor;

/**
 * Thrown when the shapes of an operation's arguments do not fit together; the message names
 * the operation and every shape involved.
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what does not fit, naming the operation and both shapes
     */
    public ShapeMismatchException(String message) {
        super(message);
    }
}
