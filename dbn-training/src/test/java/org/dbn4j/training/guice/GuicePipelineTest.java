package org.dbn4j.training.guice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.util.Arrays;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.Optimizer;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.ContrastiveDivergence;
import org.dbn4j.training.DbnPipeline;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.MomentumSgd;
import org.dbn4j.training.PersistentContrastiveDivergence;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.model.HiddenUnits;
import org.junit.jupiter.api.Test;

class GuicePipelineTest {

    private static final DataSet TRAIN = Mnist10k.train().head(300);

    private static com.google.inject.Module[] modules() {
        return new com.google.inject.Module[] {
            new BackendModule("cpu-simd"),
            new CdModule(1),
            new RbmUpdateModule(0.1, 0, 0),
            new PretrainingModule(new int[] {30, 20}, 2, 50, 7),
            new AdamModule(1e-3),
            new FineTuningModule(2, 50, 7),
            ListenersModule.none(),
            new PipelineModule()
        };
    }

    @Test
    void guiceAndPlainConstructorsBuildTheSamePipelineAndTheSameModel() {
        Injector injector = Guice.createInjector(modules());
        Dbn injected;
        Backend backend = injector.getInstance(Backend.class);
        try (backend) {
            injected = injector.getInstance(DbnPipeline.class).run(backend, TRAIN, null);

            GreedyPretrainer pretrainer = GreedyPretrainer.builder().seed(7)
                    .layer(new PretrainingLayer(30, HiddenUnits.BERNOULLI, new ContrastiveDivergence(1),
                            SgdUpdate.plain(0.1), 2, 50))
                    .layer(new PretrainingLayer(20, HiddenUnits.BERNOULLI, new ContrastiveDivergence(1),
                            SgdUpdate.plain(0.1), 2, 50))
                    .build();
            DbnPipeline plain = DbnPipeline.builder().pretrainer(pretrainer)
                    .fineTuner(BackpropFineTuner.builder().optimizer(Adam.of(1e-3)).epochs(2).batchSize(50).seed(7).build())
                    .build();
            Dbn built = plain.run(backend, TRAIN, null);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(built.layer(i).weights(), injected.layer(i).weights(), "layer " + i);
            }
            assertArrayEquals(built.head().weight(), injected.head().weight());
        }
    }

    @Test
    void swappingAStrategyIsInstallingAnotherModule() {
        Injector pcd = Guice.createInjector(Modules.override(modules()).with(new PcdModule(1, 50), new SgdModule(0.1, 0.9)));
        assertInstanceOf(PersistentContrastiveDivergence.class, pcd.getInstance(GradientEstimator.class));
        assertInstanceOf(MomentumSgd.class, pcd.getInstance(Optimizer.class));
        Backend backend = pcd.getInstance(Backend.class);
        try (backend) {
            Dbn withPcd = pcd.getInstance(DbnPipeline.class).run(backend, TRAIN, null);
            Dbn withCd = Guice.createInjector(modules()).getInstance(DbnPipeline.class).run(backend, TRAIN, null);
            assertEquals(withCd.depth(), withPcd.depth());
            assertFalse(Arrays.equals(withCd.layer(1).weights(), withPcd.layer(1).weights()));
        }
    }
}
