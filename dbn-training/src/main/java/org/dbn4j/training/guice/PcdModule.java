package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.training.PersistentContrastiveDivergence;

/** Binds the {@link GradientEstimator} of pretraining to persistent CD. */
public final class PcdModule extends AbstractModule {

    private final int steps;
    private final int chains;

    /**
     * Creates the module.
     *
     * @param steps Gibbs steps per minibatch
     * @param chains persistent chains
     */
    public PcdModule(int steps, int chains) {
        this.steps = steps;
        this.chains = chains;
    }

    @Provides
    GradientEstimator estimator() {
        return new PersistentContrastiveDivergence(steps, chains);
    }
}
