package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.util.List;
import org.dbn4j.train.TrainingListener;

/** Binds the {@link TrainingListener} that every trainer reports to: these listeners, in order. */
public final class ListenersModule extends AbstractModule {

    private final List<TrainingListener> listeners;

    /**
     * Creates the module.
     *
     * @param listeners the listeners
     */
    public ListenersModule(TrainingListener... listeners) {
        this.listeners = List.of(listeners);
    }

    /**
     * A module with no listeners.
     *
     * @return the module
     */
    public static ListenersModule none() {
        return new ListenersModule();
    }

    @Provides
    TrainingListener listener() {
        List<TrainingListener> all = listeners;
        return event -> all.forEach(l -> l.onEvent(event));
    }
}
