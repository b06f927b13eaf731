package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Objects;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;

/** Binds the {@link Backend} to the provider of the given name (one instance per injector). */
public final class BackendModule extends AbstractModule {

    private final String name;

    /**
     * Creates the module.
     *
     * @param name the backend's name, for example {@code "cpu-simd"}
     */
    public BackendModule(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Provides
    @Singleton
    Backend backend() {
        return Backends.create(name);
    }
}
