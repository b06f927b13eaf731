package org.dbn4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Model-level properties every backend must give, checked on tiny RBMs against
 * {@link HostRbm}, the energy written out in double precision: the energy matches its definition,
 * the free energy is {@code -log sum_h exp(-E(v, h))}, the conditional means are the exact
 * conditionals of the joint, and the samplers follow them. A backend module runs it by
 * subclassing it, as it runs {@link BackendContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModelContract {

    /** Every supported unit pair, small enough to enumerate. */
    private static final List<RbmSpec> SPECS = List.of(
            RbmSpec.bernoulli(6, 4),
            RbmSpec.gaussian(5, 4, false),
            RbmSpec.gaussian(5, 4, true),
            RbmSpec.softmax(6, 4, 3),
            RbmSpec.bernoulli(6, 4).withHiddenUnits(HiddenUnits.NOISY_RELU));

    private Backend backend;

    /** Creates the contract; JUnit instantiates the subclass once per test class. */
    protected ModelContract() {
    }

    /**
     * Creates the backend under test. Called once per test class; the contract closes it.
     *
     * @return a new backend
     */
    protected abstract Backend backend();

    @BeforeAll
    final void openBackend() {
        backend = Objects.requireNonNull(backend(), "backend() returned null");
    }

    @AfterAll
    final void closeBackend() {
        backend.close();
    }

    /** A model with weights large enough that every term matters. */
    static Rbm randomModel(RbmSpec spec, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[spec.hidden() * spec.visible()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.7 * r.nextGaussian());
        }
        float[] vb = new float[spec.visible()];
        for (int i = 0; i < vb.length; i++) {
            vb[i] = (float) (0.5 * r.nextGaussian());
        }
        float[] hb = new float[spec.hidden()];
        for (int i = 0; i < hb.length; i++) {
            hb[i] = (float) (0.5 * r.nextGaussian());
        }
        float[] logVar = null;
        if (spec.learnedVariance()) {
            logVar = new float[spec.visible()];
            for (int i = 0; i < logVar.length; i++) {
                logVar[i] = (float) (0.8 * r.nextGaussian());
            }
        }
        return new Rbm(spec, w, vb, hb, logVar);
    }

    /** Visible states of the kind the spec's units take. */
    static double[][] visibleBatch(RbmSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] v = new double[n][spec.visible()];
        for (double[] row : v) {
            switch (spec.visibleUnits()) {
                case BERNOULLI:
                    for (int i = 0; i < row.length; i++) {
                        row[i] = r.nextInt(2);
                    }
                    break;
                case GAUSSIAN:
                    for (int i = 0; i < row.length; i++) {
                        row[i] = (float) (1.5 * r.nextGaussian());
                    }
                    break;
                case SOFTMAX:
                    for (int g = 0; g < row.length; g += spec.softmaxGroupSize()) {
                        row[g + r.nextInt(spec.softmaxGroupSize())] = 1;
                    }
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        return v;
    }

    private Matrix toMatrix(double[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[0].length; c++) {
                flat[r * rows[0].length + c] = (float) rows[r][c];
            }
        }
        return backend.matrix(rows.length, rows[0].length, flat);
    }

    private static void close(double expected, double actual, double tolerance, String what) {
        if (!(Math.abs(expected - actual) <= tolerance * (1 + Math.abs(expected)))) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: expected %.7g, got %.7g", what, expected, actual));
        }
    }

    @Test
    void theEnergyMatchesItsDefinition() {
        for (RbmSpec spec : SPECS) {
            Rbm rbm = randomModel(spec, 1);
            HostRbm host = new HostRbm(rbm);
            double[][] v = visibleBatch(spec, 16, 2);
            SplittableRandom r = new SplittableRandom(3);
            double[][] h = new double[16][spec.hidden()];
            for (double[] row : h) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = spec.hiddenUnits() == HiddenUnits.BERNOULLI ? r.nextInt(2) : r.nextInt(4);
                }
            }
            try (BoundRbm bound = rbm.bind(backend); Matrix vm = toMatrix(v); Matrix hm = toMatrix(h);
                 Matrix e = backend.matrix(16, 1)) {
                bound.energy(vm, hm, e);
                for (int n = 0; n < 16; n++) {
                    close(host.energy(v[n], h[n]), e.get(n, 0), 1e-5, spec + ": E(v, h) of row " + n);
                }
            }
        }
    }

    @Test
    void theFreeEnergyIsMinusLogSumOverHiddenStatesOfExpMinusE() {
        for (RbmSpec spec : SPECS) {
            if (spec.hiddenUnits() != HiddenUnits.BERNOULLI) {
                continue;
            }
            Rbm rbm = randomModel(spec, 4);
            HostRbm host = new HostRbm(rbm);
            double[][] v = visibleBatch(spec, 16, 5);
            try (BoundRbm bound = rbm.bind(backend); Matrix vm = toMatrix(v); Matrix f = backend.matrix(16, 1)) {
                bound.freeEnergy(vm, f);
                for (int n = 0; n < 16; n++) {
                    close(host.freeEnergyByEnumeration(v[n]), f.get(n, 0), 1e-5, spec + ": F(v) of row " + n);
                }
            }
        }
    }

    @Test
    void theNoisyReluFreeEnergyIsThatOfItsBinaryCopies() {
        RbmSpec spec = RbmSpec.bernoulli(6, 4).withHiddenUnits(HiddenUnits.NOISY_RELU);
        Rbm rbm = randomModel(spec, 6);
        double[][] v = visibleBatch(spec, 8, 7);
        try (BoundRbm bound = rbm.bind(backend); Matrix vm = toMatrix(v); Matrix f = backend.matrix(8, 1)) {
            bound.freeEnergy(vm, f);
            for (int n = 0; n < 8; n++) {
                double expected = 0;
                for (int i = 0; i < spec.visible(); i++) {
                    expected -= rbm.visibleBias()[i] * v[n][i];
                }
                for (int j = 0; j < spec.hidden(); j++) {
                    double x = rbm.hiddenBias()[j];
                    for (int i = 0; i < spec.visible(); i++) {
                        x += rbm.weight(j, i) * v[n][i];
                    }
                    for (int copy = 1; copy <= BoundRbm.NOISY_RELU_COPIES; copy++) {
                        double z = x - copy + 0.5;
                        expected -= z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
                    }
                }
                close(expected, f.get(n, 0), 1e-5, "noisy ReLU F(v) of row " + n);
            }
        }
    }

    @Test
    void hiddenMeansAreTheExactConditionalsOfTheJoint() {
        for (RbmSpec spec : SPECS) {
            if (spec.hiddenUnits() != HiddenUnits.BERNOULLI) {
                continue;
            }
            Rbm rbm = randomModel(spec, 8);
            HostRbm host = new HostRbm(rbm);
            double[][] v = visibleBatch(spec, 12, 9);
            try (BoundRbm bound = rbm.bind(backend); Matrix vm = toMatrix(v);
                 Matrix h = backend.matrix(12, spec.hidden())) {
                bound.hiddenMeans(vm, h);
                for (int n = 0; n < 12; n++) {
                    double[] exact = host.hiddenConditional(v[n]);
                    for (int j = 0; j < spec.hidden(); j++) {
                        close(exact[j], h.get(n, j), 1e-5, spec + ": P(h_" + j + " = 1 | v) of row " + n);
                    }
                }
            }
        }
    }

    @Test
    void visibleMeansAreTheExactConditionalsOfTheJoint() {
        for (RbmSpec spec : SPECS) {
            Rbm rbm = randomModel(spec, 10);
            HostRbm host = new HostRbm(rbm);
            SplittableRandom r = new SplittableRandom(11);
            double[][] h = new double[12][spec.hidden()];
            for (double[] row : h) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextInt(2);
                }
            }
            try (BoundRbm bound = rbm.bind(backend); Matrix hm = toMatrix(h);
                 Matrix v = backend.matrix(12, spec.visible())) {
                bound.visibleMeans(hm, v);
                for (int n = 0; n < 12; n++) {
                    double[] exact = new double[spec.visible()];
                    if (spec.visibleUnits() == VisibleUnits.GAUSSIAN) {
                        // E[v_i | h] = b_i + sum_j W_ji h_j: the Gaussian's mean, by completing the square.
                        for (int i = 0; i < spec.visible(); i++) {
                            exact[i] = rbm.visibleBias()[i];
                            for (int j = 0; j < spec.hidden(); j++) {
                                exact[i] += rbm.weight(j, i) * h[n][j];
                            }
                        }
                    } else {
                        exact = host.visibleConditional(h[n]);
                    }
                    for (int i = 0; i < spec.visible(); i++) {
                        close(exact[i], v.get(n, i), 1e-5, spec + ": E[v_" + i + " | h] of row " + n);
                    }
                }
            }
        }
    }

    @Test
    void samplesFollowTheConditionalMeans() {
        int rows = 20000;
        for (RbmSpec spec : SPECS) {
            Rbm rbm = randomModel(spec, 12);
            double[][] one = visibleBatch(spec, 1, 13);
            double[][] v = new double[rows][];
            for (int n = 0; n < rows; n++) {
                v[n] = one[0];
            }
            try (BoundRbm bound = rbm.bind(backend); Matrix vm = toMatrix(v);
                 Matrix means = backend.matrix(rows, spec.hidden()); Matrix samples = backend.matrix(rows, spec.hidden());
                 Matrix vMeans = backend.matrix(rows, spec.visible());
                 Matrix vSamples = backend.matrix(rows, spec.visible())) {
                var random = backend.randomStream(14);
                bound.hiddenMeans(vm, means);
                bound.sampleHidden(random, vm, samples);
                if (spec.hiddenUnits() == HiddenUnits.BERNOULLI) {
                    assertColumnMeans(spec + ": hidden samples", means, samples, rows);
                } else {
                    // Exact samples of the binary copies: their counts average sum_n sigmoid(x - n + 1/2).
                    try (Matrix copies = backend.matrix(rows, spec.hidden());
                         Matrix expectation = backend.matrix(rows, spec.hidden())) {
                        bound.hiddenPreActivation(vm, copies);
                        float[] x = copies.toArray();
                        float[] expected = new float[x.length];
                        for (int k = 0; k < x.length; k++) {
                            for (int copy = 1; copy <= BoundRbm.NOISY_RELU_COPIES; copy++) {
                                expected[k] += (float) (1 / (1 + Math.exp(-(x[k] - copy + 0.5))));
                            }
                        }
                        copies.copyFrom(expected);
                        assertColumnMeans(spec + ": noisy ReLU samples", copies, samples, rows);
                        bound.hiddenExpectation(vm, expectation);
                        for (int j = 0; j < spec.hidden(); j++) {
                            close(expected[j], expectation.get(0, j), 0.013, spec + ": E[h_" + j + " | v]");
                        }
                    }
                }
                bound.visibleMeans(means, vMeans);
                bound.sampleVisible(random, means, vSamples);
                assertColumnMeans(spec + ": visible samples", vMeans, vSamples, rows);
            }
        }
    }

    /** Each column of the samples averages to the column's mean within 6 standard errors. */
    private static void assertColumnMeans(String what, Matrix means, Matrix samples, int rows) {
        float[] m = means.toArray();
        float[] s = samples.toArray();
        int cols = means.cols();
        for (int c = 0; c < cols; c++) {
            double expected = m[c];
            double total = 0;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                total += s[r * cols + c];
                squares += (double) s[r * cols + c] * s[r * cols + c];
            }
            double mean = total / rows;
            double sd = Math.sqrt(Math.max(squares / rows - mean * mean, 1e-6) / rows);
            if (!(Math.abs(mean - expected) <= 6 * sd)) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: column %d averages %.5f, expected %.5f +- %.5f",
                        what, c, mean, expected, 6 * sd));
            }
        }
    }

    @Test
    void bindingAndSnapshottingKeepEveryParameter() {
        for (RbmSpec spec : SPECS) {
            Rbm rbm = randomModel(spec, 15);
            try (BoundRbm bound = rbm.bind(backend)) {
                Rbm back = bound.snapshot();
                assertEquals(spec, back.spec());
                assertArrayEquals(rbm.weights(), back.weights());
                assertArrayEquals(rbm.visibleBias(), back.visibleBias());
                assertArrayEquals(rbm.hiddenBias(), back.hiddenBias());
                assertArrayEquals(rbm.visibleLogVariance(), back.visibleLogVariance());
            }
        }
    }
}
