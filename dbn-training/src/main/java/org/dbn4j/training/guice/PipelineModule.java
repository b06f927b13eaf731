package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.training.DbnPipeline;

/** Binds the {@link DbnPipeline} to the bound {@link Pretrainer} followed by the bound {@link FineTuner}. */
public final class PipelineModule extends AbstractModule {

    /** Creates the module. */
    public PipelineModule() {
    }

    @Provides
    DbnPipeline pipeline(Pretrainer pretrainer, FineTuner fineTuner) {
        return new DbnPipeline(pretrainer, fineTuner);
    }
}
