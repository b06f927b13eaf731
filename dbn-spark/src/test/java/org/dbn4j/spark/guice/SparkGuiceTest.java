package org.dbn4j.spark.guice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.Dbn;
import org.dbn4j.spark.SparkFineTuner;
import org.dbn4j.spark.SparkMode;
import org.dbn4j.spark.SparkPretrainer;
import org.dbn4j.spark.SparkTestContexts;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.ContrastiveDivergence;
import org.dbn4j.training.DbnPipeline;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.guice.AdamModule;
import org.dbn4j.training.guice.BackendModule;
import org.dbn4j.training.guice.CdModule;
import org.dbn4j.training.guice.FineTuningModule;
import org.dbn4j.training.guice.ListenersModule;
import org.dbn4j.training.guice.PipelineModule;
import org.dbn4j.training.guice.PretrainingModule;
import org.dbn4j.training.guice.RbmUpdateModule;
import org.junit.jupiter.api.Test;

class SparkGuiceTest {

    private static final DataSet TRAIN = Mnist10k.train().head(300);
    private static final SparkSettings SETTINGS = new SparkSettings(2, SparkMode.SYNCHRONOUS, 10, "cpu-simd");

    private static com.google.inject.Module[] local() {
        return new com.google.inject.Module[] {
            new BackendModule("cpu-simd"), new CdModule(1), new RbmUpdateModule(0.1, 0, 0),
            new PretrainingModule(new int[] {20}, 2, 50, 7), new AdamModule(1e-3), new FineTuningModule(1, 50, 7),
            ListenersModule.none(), new PipelineModule()
        };
    }

    @Test
    void overridingTheLocalModulesTrainsOnSparkAsTheBuildersDo() {
        Injector injector = Guice.createInjector(Modules.override(local()).with(
                new SparkModule(SparkTestContexts.get(), SETTINGS), new SparkPretrainingModule(new int[] {20}, 2, 50, 7),
                new SparkFineTuningModule(1, 50, 7)));
        assertInstanceOf(SparkPretrainer.class, injector.getInstance(Pretrainer.class));
        assertInstanceOf(SparkFineTuner.class, injector.getInstance(FineTuner.class));
        Backend backend = injector.getInstance(Backend.class);
        try (backend) {
            Dbn injected = injector.getInstance(DbnPipeline.class).run(backend, TRAIN, null);
            SparkPretrainer pretrainer = SparkPretrainer.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).partitions(2)
                    .executorBackend("cpu-simd").seed(7)
                    .layer(PretrainingLayer.of(20).withEpochs(2).withBatchSize(50)
                            .withEstimator(new ContrastiveDivergence(1)).withUpdateRule(SgdUpdate.plain(0.1)))
                    .build();
            SparkFineTuner fineTuner = SparkFineTuner.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).partitions(2)
                    .executorBackend("cpu-simd")
                    .settings(BackpropFineTuner.builder().optimizer(Adam.of(1e-3)).epochs(1).batchSize(50).seed(7).build())
                    .build();
            Dbn built = DbnPipeline.builder().pretrainer(pretrainer).fineTuner(fineTuner).build().run(backend, TRAIN, null);
            assertArrayEquals(built.layer(0).weights(), injected.layer(0).weights());
            assertArrayEquals(built.head().weight(), injected.head().weight());
        }
    }
}
