package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.training.ContrastiveDivergence;

/** Binds the {@link GradientEstimator} of pretraining to CD-k. */
public final class CdModule extends AbstractModule {

    private final int steps;

    /**
     * Creates the module.
     *
     * @param steps k, the Gibbs steps
     */
    public CdModule(int steps) {
        this.steps = steps;
    }

    @Provides
    GradientEstimator estimator() {
        return new ContrastiveDivergence(steps);
    }
}
