package org.dbn4j.backend;

import org.dbn4j.tensor.Backend;

/** Registered in the test class path's META-INF/services; never available. */
public class ServiceLoadedUnavailableProvider implements BackendProvider {
    @Override
    public String name() {
        return "test-never-available";
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public String unavailableReason() {
        return "it exists only to be unavailable: run it on no machine";
    }

    @Override
    public Backend create() {
        throw new AssertionError("create() called on an unavailable provider");
    }
}
