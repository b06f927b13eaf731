package org.dbn4j.model;

import java.util.Objects;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.tensor.ShapeMismatchException;

/**
 * An RBM's parameters on a backend, with the model's computations: conditional means and
 * samples in both directions, energy, free energy and reconstruction. Every batch is a matrix
 * with one example per row.
 *
 * <p>Energies, with {@code s_i = 1/sigma_i^2} for Gaussian visible units (1 with unit variance)
 * and {@code x = h_bias + (v . s) W^T} the hidden units' total input:
 *
 * <pre>
 * E(v, h) = V(v) - sum_j h_j x_j + H(h)
 *   V(v) = -v . v_bias                                 Bernoulli and softmax visible units
 *        = sum_i s_i (v_i - v_bias_i)^2 / 2           Gaussian visible units
 *   H(h) = 0                                           Bernoulli hidden units
 *        = sum_j h_j^2 / 2                             noisy ReLU hidden units (the first h_j copies on)
 * F(v) = V(v) - sum_j softplus(x_j)                    Bernoulli hidden units
 * F(v) = V(v) - sum_j sum_{n=1..N} softplus(x_j - n + 1/2)   noisy ReLU, N = {@value #NOISY_RELU_COPIES}
 * </pre>
 *
 * <p>The parameter matrices are live: trainers update them in place (and call
 * {@link #refreshVariance()} after changing the log-variances); everyone else treats them as
 * read-only. Computations allocate only their temporaries and may run from several threads at
 * once. Close the bound model to release its matrices.
 */
public final class BoundRbm implements AutoCloseable {

    /** Binary copies whose free energy stands for a noisy rectified linear unit. */
    public static final int NOISY_RELU_COPIES = 64;

    private final Backend backend;
    private final RbmSpec spec;
    private final Matrix weights;
    private final Matrix visibleBias;
    private final Matrix hiddenBias;
    private final Matrix visibleLogVariance;
    private final Matrix visiblePrecision;
    private final Matrix visibleStddev;

    BoundRbm(Backend backend, Rbm rbm) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.spec = rbm.spec();
        this.weights = backend.matrix(spec.hidden(), spec.visible(), rbm.weights());
        this.visibleBias = backend.matrix(1, spec.visible(), rbm.visibleBias());
        this.hiddenBias = backend.matrix(1, spec.hidden(), rbm.hiddenBias());
        if (spec.learnedVariance()) {
            this.visibleLogVariance = backend.matrix(1, spec.visible(), rbm.visibleLogVariance());
            this.visiblePrecision = backend.matrix(1, spec.visible());
            this.visibleStddev = backend.matrix(1, spec.visible());
            refreshVariance();
        } else {
            this.visibleLogVariance = null;
            this.visiblePrecision = null;
            this.visibleStddev = null;
        }
    }

    /**
     * The backend the parameters live on.
     *
     * @return the backend
     */
    public Backend backend() {
        return backend;
    }

    /**
     * The structure.
     *
     * @return the spec
     */
    public RbmSpec spec() {
        return spec;
    }

    /**
     * The live weights, hidden x visible.
     *
     * @return the matrix
     */
    public Matrix weights() {
        return weights;
    }

    /**
     * The live visible biases, 1 x visible.
     *
     * @return the matrix
     */
    public Matrix visibleBias() {
        return visibleBias;
    }

    /**
     * The live hidden biases, 1 x hidden.
     *
     * @return the matrix
     */
    public Matrix hiddenBias() {
        return hiddenBias;
    }

    /**
     * The live visible log-variances, 1 x visible.
     *
     * @return the matrix, or null without a learned variance
     */
    public Matrix visibleLogVariance() {
        return visibleLogVariance;
    }

    /**
     * The visible precisions {@code 1 / sigma^2}, 1 x visible, derived from the log-variances.
     *
     * @return the matrix, or null without a learned variance
     */
    public Matrix visiblePrecision() {
        return visiblePrecision;
    }

    /** Recomputes the precisions and standard deviations after the log-variances changed. */
    public void refreshVariance() {
        if (visibleLogVariance == null) {
            return;
        }
        float[] z = visibleLogVariance.toArray();
        float[] precision = new float[z.length];
        float[] stddev = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            precision[i] = (float) Math.exp(-z[i]);
            stddev[i] = (float) Math.exp(0.5 * z[i]);
        }
        visiblePrecision.copyFrom(precision);
        visibleStddev.copyFrom(stddev);
    }

    /**
     * Copies the current parameters back into an immutable {@link Rbm}.
     *
     * @return the model
     * @throws IllegalArgumentException if a parameter is not finite
     */
    public Rbm snapshot() {
        return new Rbm(spec, weights.toArray(), visibleBias.toArray(), hiddenBias.toArray(),
                visibleLogVariance == null ? null : visibleLogVariance.toArray(), false);
    }

    // ------------------------------------------------------------------ upward

    /**
     * The hidden units' total inputs {@code x = h_bias + (v . s) W^T}.
     *
     * @param v visible states, n x visible
     * @param out n x hidden
     */
    public void hiddenPreActivation(Matrix v, Matrix out) {
        requireColumns("v", v, spec.visible());
        if (visiblePrecision == null) {
            backend.affine(v, weights, true, hiddenBias, Activation.IDENTITY, out);
        } else {
            try (Matrix scaled = backend.matrix(v.rows(), v.cols())) {
                backend.multiplyRowVector(v, visiblePrecision, scaled);
                backend.affine(scaled, weights, true, hiddenBias, Activation.IDENTITY, out);
            }
        }
    }

    /**
     * The hidden units' conditional means given the visible units: {@code sigmoid(x)} for
     * Bernoulli units, {@code max(0, x)} (the usual approximation) for noisy ReLUs.
     *
     * @param v visible states, n x visible
     * @param out n x hidden
     */
    public void hiddenMeans(Matrix v, Matrix out) {
        Activation act = spec.hiddenUnits() == HiddenUnits.BERNOULLI ? Activation.SIGMOID : Activation.RELU;
        if (visiblePrecision == null) {
            backend.affine(v, weights, true, hiddenBias, act, out);
        } else {
            hiddenPreActivation(v, out);
            backend.activateInPlace(act, out);
        }
    }

    /**
     * Samples the hidden units given the visible units.
     *
     * @param random the stream
     * @param v visible states, n x visible
     * @param out n x hidden samples
     */
    public void sampleHidden(RandomStream random, Matrix v, Matrix out) {
        if (spec.hiddenUnits() == HiddenUnits.BERNOULLI) {
            hiddenMeans(v, out);
            backend.sampleBernoulli(random, out, out);
        } else {
            hiddenPreActivation(v, out);
            sampleHiddenFromInput(random, out, out);
        }
    }

    /**
     * The hidden units' expectations given the visible units under the model whose free energy
     * {@link #freeEnergy} reports, the statistics the gradient estimators average:
     * {@code sigmoid(x)} for Bernoulli units; for a noisy ReLU the expected number of its binary
     * copies that are on, {@code sum_n sigmoid(x - n + 1/2)}, which {@code softplus(x)} gives
     * within 0.012 (Nair and Hinton 2010). {@link #hiddenMeans} keeps {@code max(0, x)}, the
     * activation of the feed-forward network a DBN is fine-tuned as.
     *
     * @param v visible states, n x visible
     * @param out n x hidden
     */
    public void hiddenExpectation(Matrix v, Matrix out) {
        if (spec.hiddenUnits() == HiddenUnits.BERNOULLI) {
            hiddenMeans(v, out);
        } else {
            hiddenPreActivation(v, out);
            backend.activateInPlace(Activation.SOFTPLUS, out);
        }
    }

    /**
     * Samples the hidden units given their total inputs {@code x} (as {@link #hiddenPreActivation}
     * computes them, plus anything a caller adds, such as label units' input). For noisy ReLU
     * units the sample is exact: the number of each unit's binary copies (biases offset by -1/2,
     * -3/2, ...) that are on; copies more than 20 below the largest input are on with
     * probability under 2e-9 and are not drawn. Nair and Hinton's {@code max(0, x + N(0,
     * sigmoid(x)))} is cheaper but is not the model's conditional: chains run with it stayed 0.4
     * to 0.85 (relative error) away from the model's gradient even at CD-25.
     *
     * @param random the stream
     * @param x total inputs, n x hidden
     * @param out n x hidden samples; may be {@code x}
     */
    public void sampleHiddenFromInput(RandomStream random, Matrix x, Matrix out) {
        if (spec.hiddenUnits() == HiddenUnits.BERNOULLI) {
            backend.activate(Activation.SIGMOID, x, out);
            backend.sampleBernoulli(random, out, out);
            return;
        }
        if (x == out) {
            try (Matrix input = backend.matrix(x.rows(), x.cols())) {
                backend.copy(x, input);
                sampleCopies(random, input, out);
            }
        } else {
            sampleCopies(random, x, out);
        }
    }

    private void sampleCopies(RandomStream random, Matrix x, Matrix out) {
        float largest = Float.NEGATIVE_INFINITY;
        for (float value : x.toArray()) {
            largest = Math.max(largest, value);
        }
        int copies = Float.isNaN(largest) ? NOISY_RELU_COPIES
                : (int) Math.max(1, Math.min(NOISY_RELU_COPIES, Math.ceil(largest + 20.5)));
        backend.fill(0f, out);
        try (Matrix offset = backend.matrix(1, x.cols()); Matrix copy = backend.matrix(x.rows(), x.cols())) {
            for (int n = 1; n <= copies; n++) {
                backend.fill(0.5f - n, offset);
                backend.addRowVector(x, offset, copy);
                backend.activateInPlace(Activation.SIGMOID, copy);
                backend.sampleBernoulli(random, copy, copy);
                backend.axpby(1f, copy, 1f, out);
            }
        }
    }

    // ------------------------------------------------------------------ downward

    /**
     * The visible units' total inputs {@code y = v_bias + h W}.
     *
     * @param h hidden states, n x hidden
     * @param out n x visible
     */
    public void visiblePreActivation(Matrix h, Matrix out) {
        requireColumns("h", h, spec.hidden());
        backend.affine(h, weights, false, visibleBias, Activation.IDENTITY, out);
    }

    /**
     * The visible units' conditional means given the hidden units: {@code sigmoid(y)},
     * {@code y}, or a softmax over each group.
     *
     * @param h hidden states, n x hidden
     * @param out n x visible
     */
    public void visibleMeans(Matrix h, Matrix out) {
        requireColumns("h", h, spec.hidden());
        switch (spec.visibleUnits()) {
            case BERNOULLI:
                backend.affine(h, weights, false, visibleBias, Activation.SIGMOID, out);
                break;
            case GAUSSIAN:
                backend.affine(h, weights, false, visibleBias, Activation.IDENTITY, out);
                break;
            case SOFTMAX:
                backend.affine(h, weights, false, visibleBias, Activation.IDENTITY, out);
                backend.softmaxGroups(spec.softmaxGroupSize(), out, out);
                break;
            default:
                throw new IllegalStateException(String.valueOf(spec.visibleUnits()));
        }
    }

    /**
     * Samples the visible units given the hidden units.
     *
     * @param random the stream
     * @param h hidden states, n x hidden
     * @param out n x visible samples
     */
    public void sampleVisible(RandomStream random, Matrix h, Matrix out) {
        visibleMeans(h, out);
        switch (spec.visibleUnits()) {
            case BERNOULLI:
                backend.sampleBernoulli(random, out, out);
                break;
            case GAUSSIAN:
                if (visibleStddev == null) {
                    backend.sampleGaussian(random, out, 1f, out);
                } else {
                    backend.sampleGaussian(random, out, visibleStddev, out);
                }
                break;
            case SOFTMAX:
                backend.sampleOneHotGroups(random, spec.softmaxGroupSize(), out, out);
                break;
            default:
                throw new IllegalStateException(String.valueOf(spec.visibleUnits()));
        }
    }

    /**
     * Deterministic reconstruction: the visible means of the hidden means of {@code v}.
     *
     * @param v visible states, n x visible
     * @param out n x visible
     */
    public void reconstruct(Matrix v, Matrix out) {
        try (Matrix h = backend.matrix(v.rows(), spec.hidden())) {
            hiddenMeans(v, h);
            visibleMeans(h, out);
        }
    }

    // ------------------------------------------------------------------ energies

    /**
     * The free energy {@code F(v) = -log sum_h exp(-E(v, h))} of each row.
     *
     * @param v visible states, n x visible
     * @param out n x 1
     */
    public void freeEnergy(Matrix v, Matrix out) {
        requireColumns("v", v, spec.visible());
        try (Matrix x = backend.matrix(v.rows(), spec.hidden());
             Matrix t = backend.matrix(v.rows(), spec.hidden());
             Matrix sums = backend.matrix(v.rows(), 1)) {
            hiddenPreActivation(v, x);
            visibleEnergy(v, out);
            if (spec.hiddenUnits() == HiddenUnits.BERNOULLI) {
                backend.activate(Activation.SOFTPLUS, x, t);
                backend.rowSums(t, sums);
                backend.axpy(-1f, sums, out);
            } else {
                try (Matrix offset = backend.matrix(1, spec.hidden())) {
                    for (int n = 1; n <= NOISY_RELU_COPIES; n++) {
                        backend.fill(0.5f - n, offset);
                        backend.addRowVector(x, offset, t);
                        backend.activateInPlace(Activation.SOFTPLUS, t);
                        backend.rowSums(t, sums);
                        backend.axpy(-1f, sums, out);
                    }
                }
            }
        }
    }

    /**
     * The energy {@code E(v, h)} of each row pair.
     *
     * @param v visible states, n x visible
     * @param h hidden states, n x hidden
     * @param out n x 1
     */
    public void energy(Matrix v, Matrix h, Matrix out) {
        requireColumns("v", v, spec.visible());
        requireColumns("h", h, spec.hidden());
        if (v.rows() != h.rows()) {
            throw new ShapeMismatchException("energy: v is " + v.shape() + " but h is " + h.shape()
                    + "; they need one row each per example");
        }
        try (Matrix x = backend.matrix(v.rows(), spec.hidden());
             Matrix sums = backend.matrix(v.rows(), 1)) {
            hiddenPreActivation(v, x);
            visibleEnergy(v, out);
            backend.multiplyElementwise(h, x, x);
            backend.rowSums(x, sums);
            backend.axpy(-1f, sums, out);
            if (spec.hiddenUnits() == HiddenUnits.NOISY_RELU) {
                backend.multiplyElementwise(h, h, x);
                backend.rowSums(x, sums);
                backend.axpy(0.5f, sums, out);
            }
        }
    }

    /** Writes V(v), the visible units' part of the energy, to out (n x 1). */
    private void visibleEnergy(Matrix v, Matrix out) {
        if (spec.visibleUnits() != VisibleUnits.GAUSSIAN) {
            backend.gemm(false, true, -1f, v, visibleBias, 0f, out);
            return;
        }
        try (Matrix d = backend.matrix(v.rows(), v.cols()); Matrix negBias = backend.matrix(1, v.cols())) {
            backend.scale(-1f, visibleBias, negBias);
            backend.addRowVector(v, negBias, d);
            backend.multiplyElementwise(d, d, d);
            if (visiblePrecision != null) {
                backend.multiplyRowVector(d, visiblePrecision, d);
            }
            backend.rowSums(d, out);
            backend.scale(0.5f, out, out);
        }
    }

    private static void requireColumns(String name, Matrix m, int expected) {
        if (m.cols() != expected) {
            throw new ShapeMismatchException("the RBM expects " + name + " with " + expected + " columns, got "
                    + m.shape());
        }
    }

    @Override
    public void close() {
        weights.close();
        visibleBias.close();
        hiddenBias.close();
        if (visibleLogVariance != null) {
            visibleLogVariance.close();
            visiblePrecision.close();
            visibleStddev.close();
        }
    }

    @Override
    public String toString() {
        return "BoundRbm[" + spec + " on " + backend.name() + "]";
    }
}
