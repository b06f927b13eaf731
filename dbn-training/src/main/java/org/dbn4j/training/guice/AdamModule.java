package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.Optimizer;
import org.dbn4j.training.Adam;

/** Binds the fine-tuning {@link Optimizer} to Adam. */
public final class AdamModule extends AbstractModule {

    private final double rate;

    /**
     * Creates the module.
     *
     * @param rate the learning rate
     */
    public AdamModule(double rate) {
        this.rate = rate;
    }

    @Provides
    Optimizer optimizer() {
        return Adam.of(rate);
    }
}
