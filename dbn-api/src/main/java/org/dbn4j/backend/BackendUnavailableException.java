package org.dbn4j.backend;

/**
 * Thrown when the requested backend is unknown, cannot run in this JVM, or failed to start; the
 * message lists every provider found and why each unavailable one is unavailable.
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was asked for and what is available
     */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a backend whose construction failed.
     *
     * @param message what was asked for and what is available
     * @param cause the failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
