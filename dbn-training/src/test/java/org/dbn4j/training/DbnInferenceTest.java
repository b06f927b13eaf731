package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Standardization;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user does with a trained DBN: features, classes, anomaly scores, samples, files, threads. */
class DbnInferenceTest {

    private static Dbn model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().layers(100, 50).seed(1).build().pretrain(b, DbnFixtures.TRAIN);
            model = BackpropFineTuner.builder().epochs(5).build().fineTune(b, pretrained, DbnFixtures.TRAIN, null);
        }
    }

    @Test
    void featuresAtEveryLayerHaveTheLayersWidth() {
        try (Backend b = new CpuSimdBackend(2); BoundDbn bound = model.bind(b)) {
            DataSet x = DbnFixtures.VALIDATION.head(20);
            assertArrayEquals(x.features(), bound.features(x, 0).features());
            assertEquals(100, bound.features(x, 1).cols());
            DataSet top = bound.features(x, 2);
            assertEquals(50, top.cols());
            assertEquals(x.label(3), top.label(3));
            for (float v : top.features()) {
                assertTrue(v > 0 && v < 1);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bound.features(x, 3));
            assertTrue(e.getMessage().contains("layers 0 (input) to 2"), e.getMessage());
        }
    }

    @Test
    void anInputStandardisationIsAppliedToEveryInputAndUndoneOnGeneratedExamples() {
        Standardization scaling = Standardization.fit(DbnFixtures.TRAIN);
        Dbn scaled = model.withInputScaling(scaling);
        DataSet x = DbnFixtures.VALIDATION.head(20);
        DataSet z = scaling.apply(x);
        try (Backend b = new CpuSimdBackend(2); BoundDbn raw = model.bind(b); BoundDbn standardising = scaled.bind(b)) {
            assertArrayEquals(raw.predict(z), standardising.predict(x));
            assertArrayEquals(raw.classify(z), standardising.classify(x));
            assertArrayEquals(raw.freeEnergy(z), standardising.freeEnergy(x));
            assertArrayEquals(raw.features(z, 2).features(), standardising.features(x, 2).features());
            float[] generated = raw.generate(4, 10, -1, 3).features();
            scaling.invertInPlace(generated);
            assertArrayEquals(generated, standardising.generate(4, 10, -1, 3).features());
        }
    }

    @Test
    void anomalyScoresRankNoiseAboveDigits() {
        DataSet digits = DbnFixtures.VALIDATION.head(100);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        float[] noise = new float[100 * 784];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextDouble() < 0.2 ? 1f : 0f;
        }
        DataSet random = DataSet.unlabelled(noise, 100, 784);
        try (Backend b = new CpuSimdBackend(2); BoundDbn bound = model.bind(b)) {
            assertTrue(mean(bound.freeEnergy(random)) > mean(bound.freeEnergy(digits)) + 50);
            assertTrue(mean(bound.reconstructionError(random)) > 2 * mean(bound.reconstructionError(digits)));
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void generationGivesImagesInTheUnitRange() {
        try (Backend b = new CpuSimdBackend(2); BoundDbn bound = model.bind(b)) {
            DataSet samples = bound.generate(5, 20, -1, 3);
            assertEquals(5, samples.rows());
            assertEquals(784, samples.cols());
            for (float v : samples.features()) {
                assertTrue(v >= 0 && v <= 1);
            }
            assertThrows(IllegalArgumentException.class, () -> bound.generate(5, 20, 3, 3),
                    "a class needs label units");
        }
    }

    @Test
    void manyThreadsClassifyWithOneBoundModel() throws Exception {
        DataSet data = DbnFixtures.VALIDATION;
        try (Backend b = new CpuSimdBackend(2); BoundDbn bound = model.bind(b)) {
            int[] expected = bound.classify(data);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<int[]>> results = new ArrayList<>();
                for (int t = 0; t < 12; t++) {
                    results.add(pool.submit(() -> bound.classify(data)));
                }
                for (Future<int[]> f : results) {
                    assertArrayEquals(expected, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSavedModelGivesTheSameOutputsOnEveryBackend() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(model, file);
        Dbn loaded = ModelFile.load(file);
        DataSet x = DbnFixtures.VALIDATION.head(50);
        try (Backend simd = new CpuSimdBackend(2); Backend ref = new ReferenceBackend();
             BoundDbn original = model.bind(simd); BoundDbn again = loaded.bind(simd); BoundDbn oracle = loaded.bind(ref)) {
            assertArrayEquals(original.predict(x), again.predict(x));
            float[] p = original.predict(x);
            float[] q = oracle.predict(x);
            for (int i = 0; i < p.length; i++) {
                assertEquals(q[i], p[i], 1e-5);
            }
        }
    }
}
