package org.dbn4j.backend;

import org.dbn4j.tensor.Backend;

/** Registered in the test class path's META-INF/services, to check real discovery. */
public class ServiceLoadedTestProvider implements BackendProvider {
    /** The name it registers under. */
    public static final String NAME = "test-service-loaded";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1000;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return "";
    }

    @Override
    public Backend create() {
        return FakeProvider.inertBackend(NAME);
    }
}
