package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dbn4j.training.internal.BackpropNetwork;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackpropFineTunerTest {

    @TempDir
    Path dir;

    /**
     * One step of plain SGD on the whole batch moves every parameter by -rate * gradient; the
     * gradient must equal the finite-difference derivative of the cross-entropy that the bound
     * model (the network inference runs) computes.
     */
    @Test
    void backpropagatedGradientsEqualFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        Dbn start = RbmInitializer.uniformStack(new int[] {6, 5, 4}, 7);
        assertGradientsMatchFiniteDifferences(start, uniformData(r, 8, 6), r);
    }

    @Test
    void backpropagatedGradientsOfANoisyReluNetworkEqualFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(4);
        Dbn start = Dbn.of(layer(r, RbmSpec.bernoulli(6, 5).withHiddenUnits(HiddenUnits.NOISY_RELU)),
                layer(r, RbmSpec.bernoulli(5, 4).withHiddenUnits(HiddenUnits.NOISY_RELU)));
        assertGradientsMatchFiniteDifferences(start, uniformData(r, 8, 6), r);
    }

    @Test
    void backpropagatedGradientsThroughALearnedVarianceGaussianInputEqualFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(5);
        Dbn start = Dbn.of(layer(r, RbmSpec.gaussian(6, 5, true)), layer(r, RbmSpec.bernoulli(5, 4)));
        assertGradientsMatchFiniteDifferences(start, gaussianData(r, 8, 6), r);
    }

    /** Learned variance above the input too, under ReLU units: the precisions scale the deltas passed down. */
    @Test
    void backpropagatedGradientsThroughLearnedVariancesAtEveryLayerEqualFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(6);
        Dbn start = Dbn.of(layer(r, RbmSpec.gaussian(6, 5, true).withHiddenUnits(HiddenUnits.NOISY_RELU)),
                layer(r, RbmSpec.gaussian(5, 4, true)));
        assertGradientsMatchFiniteDifferences(start, gaussianData(r, 8, 6), r);
    }

    private static void assertGradientsMatchFiniteDifferences(Dbn pretrained, DataSet data, SplittableRandom r) {
        int top = pretrained.top().hidden();
        Dbn start = pretrained.withHead(new Head(Head.Kind.SOFTMAX, top, 3, uniform(r, top * 3, 0.8), uniform(r, 3, 0.8)));
        float rate = 1e-3f;
        try (Backend b = new ReferenceBackend()) {
            Dbn stepped = BackpropFineTuner.builder().epochs(1).batchSize(data.rows()).optimizer(MomentumSgd.of(rate, 0))
                    .build().fineTune(b, start, data, null);
            double h = 1e-3;
            int checked = 0;
            for (int layer = 0; layer < start.depth(); layer++) {
                float[] w = start.layer(layer).weights();
                float[] after = stepped.layer(layer).weights();
                for (int k = 0; k < w.length; k += 3) {
                    double analytic = (w[k] - after[k]) / rate;
                    double numeric = (loss(b, perturb(start, layer, k, h, false), data)
                            - loss(b, perturb(start, layer, k, -h, false), data)) / (2 * h);
                    assertEquals(numeric, analytic, 2e-3 + 0.02 * Math.abs(numeric), "layer " + layer + " weight " + k);
                    checked++;
                }
                float[] bias = start.layer(layer).hiddenBias();
                float[] biasAfter = stepped.layer(layer).hiddenBias();
                for (int k = 0; k < bias.length; k++) {
                    double analytic = (bias[k] - biasAfter[k]) / rate;
                    double numeric = (loss(b, perturb(start, layer, k, h, true), data)
                            - loss(b, perturb(start, layer, k, -h, true), data)) / (2 * h);
                    assertEquals(numeric, analytic, 2e-3 + 0.02 * Math.abs(numeric), "layer " + layer + " bias " + k);
                    checked++;
                }
                assertArrayEquals(start.layer(layer).visibleBias(), stepped.layer(layer).visibleBias());
                if (start.layer(layer).spec().learnedVariance()) {
                    assertArrayEquals(start.layer(layer).visibleLogVariance(), stepped.layer(layer).visibleLogVariance());
                }
            }
            float[] hw = start.head().weight();
            float[] hwAfter = stepped.head().weight();
            for (int k = 0; k < hw.length; k++) {
                double analytic = (hw[k] - hwAfter[k]) / rate;
                float[] plus = hw.clone();
                float[] minus = hw.clone();
                plus[k] += (float) h;
                minus[k] -= (float) h;
                double numeric = (loss(b, start.withHead(start.head().withParameters(plus, start.head().bias())), data)
                        - loss(b, start.withHead(start.head().withParameters(minus, start.head().bias())), data)) / (2 * h);
                assertEquals(numeric, analytic, 2e-3 + 0.02 * Math.abs(numeric), "head weight " + k);
                checked++;
            }
            assertTrue(checked > 20);
        }
    }

    /**
     * The fine-tuner validates with the network the model describes: its validation accuracy is
     * what the returned model scores, and the bound model's logits are the training network's
     * to the bit.
     */
    @Test
    void theReturnedModelPredictsExactlyWhatTheFineTunerValidated() {
        SplittableRandom r = new SplittableRandom(8);
        DataSet train = DbnFixtures.TRAIN.head(300);
        DataSet validation = DbnFixtures.VALIDATION.head(300);
        Dbn start = Dbn.of(layer(r, RbmSpec.gaussian(784, 40, true).withHiddenUnits(HiddenUnits.NOISY_RELU), 0.03),
                layer(r, RbmSpec.bernoulli(40, 20), 0.3));
        for (Backend b : new Backend[] {new ReferenceBackend(), new CpuSimdBackend(2)}) {
            List<TrainingEvent.EpochFinished> epochs = new ArrayList<>();
            try (b) {
                Dbn tuned = BackpropFineTuner.builder().epochs(5).optimizer(Adam.of(3e-3)).listener(e -> {
                    if (e instanceof TrainingEvent.EpochFinished f) {
                        epochs.add(f);
                    }
                }).build().fineTune(b, start, train, validation);
                double validated = epochs.get(epochs.size() - 1).metrics().get("validationAccuracy");
                try (BoundDbn bound = tuned.bind(b);
                     BackpropNetwork net = new BackpropNetwork(b, tuned, 0, 0, 0);
                     Matrix x = validation.toMatrix(b);
                     Matrix logits = b.matrix(validation.rows(), 10)) {
                    assertEquals(validated, bound.accuracy(validation), 0.0, b.name());
                    bound.logits(x, logits);
                    BackpropNetwork.Buffers buf = net.buffers(validation.rows());
                    validation.copyRows(0, buf.input);
                    net.forward(buf, null);
                    assertArrayEquals(logits.toArray(), buf.logits.toArray(), b.name());
                }
                // The ReLU layer learned: a sigmoid network in its place would score otherwise.
                assertTrue(validated > 0.5, b.name() + ": " + validated);
            }
        }
    }

    private static Rbm layer(SplittableRandom r, RbmSpec spec) {
        return layer(r, spec, 0.5);
    }

    private static Rbm layer(SplittableRandom r, RbmSpec spec, double weightBound) {
        float[] logVariance = null;
        if (spec.learnedVariance()) {
            logVariance = uniform(r, spec.visible(), 1.0);
        }
        return new Rbm(spec, uniform(r, spec.hidden() * spec.visible(), weightBound), uniform(r, spec.visible(), 0.5),
                uniform(r, spec.hidden(), 0.5), logVariance);
    }

    private static DataSet uniformData(SplittableRandom r, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return labelled(x, rows, cols);
    }

    private static DataSet gaussianData(SplittableRandom r, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return labelled(x, rows, cols);
    }

    private static DataSet labelled(float[] x, int rows, int cols) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 3;
        }
        return new DataSet(x, rows, cols, labels, 3);
    }

    private static float[] uniform(SplittableRandom r, int n, double bound) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextDouble(-bound, bound);
        }
        return out;
    }

    private static Dbn perturb(Dbn dbn, int layer, int k, double h, boolean bias) {
        Rbm old = dbn.layer(layer);
        float[] w = old.weights();
        float[] hb = old.hiddenBias();
        (bias ? hb : w)[k] += (float) h;
        return dbn.withLayer(layer, new Rbm(old.spec(), w, old.visibleBias(), hb, old.visibleLogVariance()));
    }

    /** Mean cross-entropy of the data under the DBN's softmax head. */
    private static double loss(Backend b, Dbn dbn, DataSet data) {
        int classes = dbn.head().outputs();
        try (BoundDbn bound = dbn.bind(b)) {
            float[] p = bound.predict(data);
            double sum = 0;
            for (int i = 0; i < data.rows(); i++) {
                sum -= Math.log(p[i * classes + data.label(i)]);
            }
            return sum / data.rows();
        }
    }

    @Test
    void fineTuningAPretrainedStackClassifiesDigitsAndBeatsTheFrozenFeatures() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().layers(100, 100).seed(2).build().pretrain(b, DbnFixtures.TRAIN);
            Dbn headOnly = BackpropFineTuner.builder().epochs(5).freezePretrainedLayers(5).optimizer(Adam.of(0.01)).build()
                    .fineTune(b, pretrained, DbnFixtures.TRAIN, null);
            Dbn tuned = BackpropFineTuner.builder().epochs(10).build().fineTune(b, pretrained, DbnFixtures.TRAIN, null);
            // freezing kept the pretrained weights
            assertArrayEquals(pretrained.layer(0).weights(), headOnly.layer(0).weights());
            double frozen;
            double full;
            try (BoundDbn f = headOnly.bind(b); BoundDbn t = tuned.bind(b)) {
                frozen = f.accuracy(DbnFixtures.VALIDATION);
                full = t.accuracy(DbnFixtures.VALIDATION);
            }
            assertTrue(frozen > 0.6, "head on frozen features: " + frozen);
            assertTrue(full > 0.75, "fine-tuned: " + full);
            assertTrue(full > frozen, full + " vs " + frozen);
        }
    }

    @Test
    void earlyStoppingReturnsTheBestEpochAndStopsAfterThePatience() {
        List<TrainingEvent.EpochFinished> epochs = new ArrayList<>();
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 50}, 1);
            // A rate this high makes the validation accuracy wander, so patience must act.
            Dbn best = BackpropFineTuner.builder().epochs(40).earlyStopping(2).optimizer(Adam.of(0.05))
                    .listener(e -> {
                        if (e instanceof TrainingEvent.EpochFinished f) {
                            epochs.add(f);
                        }
                    }).build().fineTune(b, start, DbnFixtures.TRAIN.head(600), DbnFixtures.VALIDATION);
            double bestSeen = epochs.stream().mapToDouble(e -> e.metrics().get("validationAccuracy")).max().orElseThrow();
            int bestEpoch = 0;
            for (int i = 0; i < epochs.size(); i++) {
                if (epochs.get(i).metrics().get("validationAccuracy") == bestSeen) {
                    bestEpoch = i;
                    break;
                }
            }
            assertTrue(epochs.size() < 40, "stopped after " + epochs.size());
            assertEquals(bestEpoch + 3, epochs.size(), "stops two epochs after the best");
            try (BoundDbn bound = best.bind(b)) {
                assertEquals(bestSeen, bound.accuracy(DbnFixtures.VALIDATION), 1e-9);
            }
        }
    }

    @Test
    void dropoutAndWeightDecayChangeTheResultAndRemainReproducible() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 40}, 1);
            DataSet data = DbnFixtures.TRAIN.head(400);
            BackpropFineTuner.Builder base = BackpropFineTuner.builder().epochs(2).seed(4);
            Dbn plain = base.build().fineTune(b, start, data, null);
            Dbn dropout = base.dropout(0.2, 0.5).build().fineTune(b, start, data, null);
            Dbn again = base.build().fineTune(b, start, data, null);
            Dbn decayed = BackpropFineTuner.builder().epochs(2).seed(4).weightDecay(0.5).build()
                    .fineTune(b, start, data, null);
            assertArrayEquals(dropout.layer(0).weights(), again.layer(0).weights());
            assertFalse(Arrays.equals(plain.layer(0).weights(), dropout.layer(0).weights()));
            assertTrue(norm(decayed.layer(0).weights()) < norm(plain.layer(0).weights()));
        }
    }

    @Test
    void randomShiftsChangeEveryEpochsExamplesReproduciblyAndResumeExactly() throws IOException {
        Path saved = dir.resolve("shifted-epoch1.safetensors");
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 30}, 1);
            DataSet data = DbnFixtures.TRAIN.head(300);
            BackpropFineTuner.Builder shifted = BackpropFineTuner.builder().epochs(3).seed(4)
                    .augmentation(org.dbn4j.data.Augmentation.randomShifts(28, 28, 1));
            Dbn plain = BackpropFineTuner.builder().epochs(3).seed(4).build().fineTune(b, start, data, null);
            Dbn once = shifted.checkpoints(new Checkpoints(dir.resolve("shifted"), 1)).listener(copyCheckpointOf(1, saved))
                    .build().fineTune(b, start, data, null);
            Dbn twice = shifted.checkpoints(null).listener(null).build().fineTune(b, start, data, null);
            Dbn resumed = shifted.build().resume(b, data, null, ModelFile.loadCheckpoint(saved));
            assertArrayEquals(once.layer(0).weights(), twice.layer(0).weights());
            assertArrayEquals(once.layer(0).weights(), resumed.layer(0).weights());
            assertArrayEquals(once.head().weight(), resumed.head().weight());
            assertFalse(Arrays.equals(plain.layer(0).weights(), once.layer(0).weights()));
            assertTrue(once.provenance().get("fine-tuning").contains("random shifts of up to 1 pixels"),
                    once.provenance().toString());
        }
    }

    /** A listener that keeps a copy of the checkpoint written after the given epoch. */
    private static TrainingListener copyCheckpointOf(int epoch, Path copy) {
        return e -> {
            if (e instanceof TrainingEvent.CheckpointWritten c && c.epoch() == epoch) {
                try {
                    Files.copy(c.file(), copy, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }
        };
    }

    private static double norm(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void aLinearHeadLearnsARegression() {
        DataSet data = DbnFixtures.TRAIN.head(500);
        // target: the mean brightness of the top and of the bottom half of each digit
        float[] targets = new float[data.rows() * 2];
        for (int i = 0; i < data.rows(); i++) {
            for (int p = 0; p < 784; p++) {
                targets[i * 2 + (p < 392 ? 0 : 1)] += data.feature(i, p) / 392f * 4f;
            }
        }
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 30}, 1);
            BackpropFineTuner tuner = BackpropFineTuner.builder().head(Head.Kind.LINEAR).epochs(30).build();
            Dbn tuned = tuner.fineTuneRegression(b, start, data, targets, 2, null, null);
            assertEquals(Head.Kind.LINEAR, tuned.head().kind());
            double baseline = 0;
            double error = 0;
            double[] mean = new double[2];
            for (int i = 0; i < data.rows(); i++) {
                mean[0] += targets[i * 2] / data.rows();
                mean[1] += targets[i * 2 + 1] / data.rows();
            }
            try (BoundDbn bound = tuned.bind(b)) {
                float[] y = bound.predict(data);
                for (int i = 0; i < y.length; i++) {
                    error += Math.pow(y[i] - targets[i], 2);
                    baseline += Math.pow(mean[i % 2] - targets[i], 2);
                }
            }
            assertTrue(error < 0.2 * baseline, "squared error " + error + " against " + baseline + " for the mean");
        }
    }

    @Test
    void aDivergingRunStopsWithTheCause() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 20}, 1);
            org.dbn4j.train.TrainingDivergedException e = assertThrows(org.dbn4j.train.TrainingDivergedException.class,
                    () -> BackpropFineTuner.builder().epochs(3).optimizer(MomentumSgd.of(1e38, 0.9)).build()
                            .fineTune(b, start, DbnFixtures.TRAIN.head(300).scale(255f), null));
            assertTrue(e.getMessage().contains("fine-tuning diverged in epoch 0"), e.getMessage());
            assertTrue(e.getMessage().contains("not scaled to [0, 1] (the largest value is 255.0)"), e.getMessage());
            // With data in [0, 1], the rate is what remains to blame.
            e = assertThrows(org.dbn4j.train.TrainingDivergedException.class,
                    () -> BackpropFineTuner.builder().epochs(3).optimizer(MomentumSgd.of(1e38, 0.9)).build()
                            .fineTune(b, start, DbnFixtures.TRAIN.head(300), null));
            assertTrue(e.getMessage().contains("fine-tuning diverged in epoch 0"), e.getMessage());
            assertTrue(e.getMessage().contains("the learning rate (SGD(rate 1.0E38"), e.getMessage());
        }
    }

    @Test
    void aRunDivergingLaterKeepsTheModelOfTheLastCleanEpoch() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 20}, 1);
            DataSet data = DbnFixtures.TRAIN.head(300);
            Dbn twoEpochs = BackpropFineTuner.builder().epochs(2).optimizer(MomentumSgd.of(0.1, 0.5)).seed(3).build()
                    .fineTune(b, start, data, null);
            org.dbn4j.train.TrainingDivergedException e = assertThrows(org.dbn4j.train.TrainingDivergedException.class,
                    () -> BackpropFineTuner.builder().epochs(4).seed(3)
                            .optimizer(new MomentumSgd(Schedule.step(0.1, 2, 1e38), Schedule.constant(0.5))).build()
                            .fineTune(b, start, data, null));
            assertTrue(e.getMessage().contains("fine-tuning diverged in epoch 2"), e.getMessage());
            Dbn kept = e.lastGoodModel();
            assertArrayEquals(twoEpochs.layer(0).weights(), kept.layer(0).weights());
            assertArrayEquals(twoEpochs.head().weight(), kept.head().weight());
            assertArrayEquals(twoEpochs.head().bias(), kept.head().bias());
        }
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedResult() throws IOException {
        Path saved = dir.resolve("epoch2.safetensors");
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 30, 20}, 1);
            DataSet data = DbnFixtures.TRAIN.head(500);
            BackpropFineTuner.Builder builder = BackpropFineTuner.builder().epochs(5).dropout(0.1, 0.2).earlyStopping(3)
                    .seed(8);
            Dbn straight = builder.checkpoints(new Checkpoints(dir.resolve("run"), 1)).listener(copyCheckpointOf(2, saved))
                    .build().fineTune(b, start, data, DbnFixtures.VALIDATION);
            Dbn resumed = builder.checkpoints(null).listener(null).build()
                    .resume(b, data, DbnFixtures.VALIDATION, ModelFile.loadCheckpoint(saved));
            assertArrayEquals(straight.layer(0).weights(), resumed.layer(0).weights());
            assertArrayEquals(straight.layer(1).weights(), resumed.layer(1).weights());
            assertArrayEquals(straight.head().weight(), resumed.head().weight());
        }
    }

    @Test
    void badInputIsRejectedWithTheReason() {
        try (Backend b = new ReferenceBackend()) {
            Dbn start = RbmInitializer.uniformStack(new int[] {784, 10}, 1);
            IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                    () -> BackpropFineTuner.builder().build().fineTune(b, start,
                            DataSet.unlabelled(new float[784], 1, 784), null));
            assertTrue(unlabelled.getMessage().contains("labelled"));
            IllegalArgumentException noValidation = assertThrows(IllegalArgumentException.class,
                    () -> BackpropFineTuner.builder().earlyStopping(2).build().fineTune(b, start,
                            DbnFixtures.TRAIN.head(10), null));
            assertTrue(noValidation.getMessage().contains("validation"));
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> BackpropFineTuner.builder().build().fineTune(b, RbmInitializer.uniformStack(new int[] {5, 3}, 1),
                            DbnFixtures.TRAIN.head(10), null));
            assertTrue(width.getMessage().contains("784 features but the DBN takes 5"), width.getMessage());
        }
    }

    @Test
    void logitsMatchAcrossBackends() {
        Dbn dbn = RbmInitializer.uniformStack(new int[] {784, 30, 20}, 3).withHead(Head.softmax(20, 10));
        DataSet x = DbnFixtures.VALIDATION.head(7);
        try (Backend ref = new ReferenceBackend(); Backend simd = new CpuSimdBackend(2);
             BoundDbn a = dbn.bind(ref); BoundDbn c = dbn.bind(simd);
             Matrix ma = x.toMatrix(ref); Matrix mc = x.toMatrix(simd);
             Matrix fa = ref.matrix(7, 20); Matrix fc = simd.matrix(7, 20)) {
            a.features(ma, 2, fa);
            c.features(mc, 2, fc);
            float[] pa = fa.toArray();
            float[] pc = fc.toArray();
            for (int i = 0; i < pa.length; i++) {
                assertEquals(pa[i], pc[i], 1e-5);
            }
        }
    }
}
