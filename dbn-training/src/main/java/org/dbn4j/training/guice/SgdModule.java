package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.Optimizer;
import org.dbn4j.training.MomentumSgd;

/** Binds the fine-tuning {@link Optimizer} to SGD with momentum. */
public final class SgdModule extends AbstractModule {

    private final double rate;
    private final double momentum;

    /**
     * Creates the module.
     *
     * @param rate the learning rate
     * @param momentum the momentum
     */
    public SgdModule(double rate, double momentum) {
        this.rate = rate;
        this.momentum = momentum;
    }

    @Provides
    Optimizer optimizer() {
        return MomentumSgd.of(rate, momentum);
    }
}
