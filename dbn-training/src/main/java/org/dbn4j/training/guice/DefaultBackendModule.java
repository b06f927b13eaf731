package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;

/**
 * Binds the {@link Backend} by the usual selection rule: {@code -Ddbn4j.backend}, then
 * {@code DBN4J_BACKEND}, then the best available provider.
 */
public final class DefaultBackendModule extends AbstractModule {

    /** Creates the module; the backend is chosen when the injector first needs it. */
    public DefaultBackendModule() {
    }

    @Provides
    @Singleton
    Backend backend() {
        return Backends.create();
    }
}
