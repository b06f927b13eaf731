package org.dbn4j.data;

import java.io.IOException;

/**
 * Thrown when a data file is not what its reader expects; the message names the file and the
 * problem (a wrong magic number, a size that does not match the file, ragged rows...).
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file and what is wrong with it
     */
    public DataFormatException(String message) {
        super(message);
    }
}
