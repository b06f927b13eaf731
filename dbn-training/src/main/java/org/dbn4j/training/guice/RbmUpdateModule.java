package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.SgdUpdate;

/** Binds the {@link UpdateRule} of pretraining to SGD with a constant rate, momentum and L2 decay. */
public final class RbmUpdateModule extends AbstractModule {

    private final double rate;
    private final double momentum;
    private final double l2;

    /**
     * Creates the module.
     *
     * @param rate the learning rate
     * @param momentum the momentum (0 for plain SGD)
     * @param l2 the weight decay
     */
    public RbmUpdateModule(double rate, double momentum, double l2) {
        this.rate = rate;
        this.momentum = momentum;
        this.l2 = l2;
    }

    @Provides
    UpdateRule updateRule() {
        return SgdUpdate.builder().learningRate(Schedule.constant(rate)).momentum(Schedule.constant(momentum)).l2(l2)
                .build();
    }
}
