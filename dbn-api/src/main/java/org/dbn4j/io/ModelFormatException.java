package org.dbn4j.io;

import java.io.IOException;

/**
 * Thrown when a model file is not a valid model: truncated, oversized, with overlapping or
 * missing tensors, of an unsupported type or with shapes that do not fit together. The message
 * names the file and the problem. Nothing is half-loaded when it is thrown.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file and what is wrong with it
     */
    public ModelFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the file and what is wrong with it
     * @param cause the underlying problem
     */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
