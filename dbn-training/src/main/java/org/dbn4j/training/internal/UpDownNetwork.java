package org.dbn4j.training.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.LabelUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * The network up-down fine-tuning trains, with its per-minibatch buffers: recognition and
 * generative weights below the top RBM, the top RBM and its label units. Not API: shared by the
 * local fine-tuner and distributed executors.
 */
public final class UpDownNetwork implements AutoCloseable {
    /** Where the arithmetic runs. */
    public final Backend backend;
    /** The DBN this network was made from, for the specs of its layers. */
    public final Dbn original;
    /** The number of RBMs. */
    public final int depth;
    private final int classes;
    private final int[] sizes;
    private final double rate;
    private final int topGibbsSteps;
    final Matrix[] recognition;
    final Matrix[] recognitionBias;
    final Matrix[] generative;
    final Matrix[] generativeBias;
    final Matrix topWeights;
    final Matrix topHiddenBias;
    final Matrix topVisibleBias;
    final Matrix labelWeights;
    final Matrix labelBias;
    private final Map<Integer, Buffers> bySize = new HashMap<>();
    private Matrix persistent;

    /**
     * Builds the network of a DBN, with its label units or, where it has none for these
     * classes, zero label weights and biases at the log prior of the classes.
     *
     * @param backend where the arithmetic runs
     * @param dbn the DBN
     * @param classes the number of classes
     * @param labelCounts the training examples of each class
     * @param rate the learning rate of up-down
     * @param topGibbsSteps the Gibbs steps of CD in the top RBM during up-down
     */
    public UpDownNetwork(Backend backend, Dbn dbn, int classes, int[] labelCounts, double rate, int topGibbsSteps) {
        this.backend = backend;
        this.rate = rate;
        this.topGibbsSteps = topGibbsSteps;
        this.original = dbn;
        this.depth = dbn.depth();
        this.classes = classes;
        this.sizes = dbn.sizes();
        recognition = new Matrix[depth - 1];
        recognitionBias = new Matrix[depth - 1];
        generative = new Matrix[depth - 1];
        generativeBias = new Matrix[depth - 1];
        for (int i = 0; i < depth - 1; i++) {
            Rbm rbm = dbn.layer(i);
            recognition[i] = backend.matrix(rbm.hidden(), rbm.visible(), rbm.weights());
            recognitionBias[i] = backend.matrix(1, rbm.hidden(), rbm.hiddenBias());
            float[] g = dbn.tied(i) ? rbm.weights() : dbn.generativeWeights(i);
            generative[i] = backend.matrix(rbm.hidden(), rbm.visible(), g);
            generativeBias[i] = backend.matrix(1, rbm.visible(), rbm.visibleBias());
        }
        Rbm top = dbn.top();
        topWeights = backend.matrix(top.hidden(), top.visible(), top.weights());
        topHiddenBias = backend.matrix(1, top.hidden(), top.hiddenBias());
        topVisibleBias = backend.matrix(1, top.visible(), top.visibleBias());
        LabelUnits labels = dbn.labels();
        if (labels != null && labels.classes() == classes) {
            labelWeights = backend.matrix(top.hidden(), classes, labels.weights());
            labelBias = backend.matrix(1, classes, labels.bias());
        } else {
            labelWeights = backend.matrix(top.hidden(), classes);
            backend.fill(0f, labelWeights);
            float[] prior = new float[classes];
            long total = 0;
            for (int count : labelCounts) {
                total += count;
            }
            for (int c = 0; c < classes; c++) {
                prior[c] = (float) Math.log(Math.max(1, labelCounts[c]) / (double) total);
            }
            labelBias = backend.matrix(1, classes, prior);
        }
    }

    /**
     * The examples of each class in labelled data.
     *
     * @param data the data
     * @param classes the number of classes
     * @return a count per class
     */
    public static int[] labelCounts(DataSet data, int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < data.rows(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }

    /** Buffers of one minibatch size. */
    public final class Buffers implements AutoCloseable {
        /** The states of every layer on the way up, the data in the first. */
        public final Matrix[] wake;
        final Matrix[] sleep;
        final Matrix[] generativePrediction;
        final Matrix[] recognitionPrediction;
        /** The minibatch's one-hot labels. */
        public final Matrix labels;
        final Matrix labelsNegative;
        final Matrix hidden;
        final Matrix hiddenSample;
        final Matrix hiddenNegative;
        final Matrix penNegative;
        final Matrix difference;

        Buffers(int rows) {
            wake = new Matrix[depth];
            sleep = new Matrix[depth];
            generativePrediction = new Matrix[depth];
            recognitionPrediction = new Matrix[depth];
            for (int i = 0; i < depth; i++) {
                wake[i] = backend.matrix(rows, sizes[i]);
                sleep[i] = backend.matrix(rows, sizes[i]);
                generativePrediction[i] = backend.matrix(rows, sizes[i]);
                recognitionPrediction[i] = backend.matrix(rows, sizes[i]);
            }
            labels = backend.matrix(rows, classes);
            labelsNegative = backend.matrix(rows, classes);
            hidden = backend.matrix(rows, sizes[depth]);
            hiddenSample = backend.matrix(rows, sizes[depth]);
            hiddenNegative = backend.matrix(rows, sizes[depth]);
            penNegative = backend.matrix(rows, sizes[depth - 1]);
            difference = backend.matrix(rows, sizes[depth - 1]);
        }

        @Override
        public void close() {
            List<Matrix> all = new ArrayList<>(List.of(labels, labelsNegative, hidden, hiddenSample, hiddenNegative,
                    penNegative, difference));
            for (Matrix[] group : new Matrix[][] {wake, sleep, generativePrediction, recognitionPrediction}) {
                all.addAll(List.of(group));
            }
            all.forEach(Matrix::close);
        }
    }

    /**
     * The buffers for minibatches of a size, made on first use.
     *
     * @param rows the minibatch size
     * @return the buffers, owned by this network
     */
    public Buffers buffers(int rows) {
        return bySize.computeIfAbsent(rows, Buffers::new);
    }

    /** Hidden means of the top RBM given its input and labels. */
    private void topHidden(Matrix pen, Matrix labels, Matrix out) {
        backend.affine(pen, topWeights, true, topHiddenBias, Activation.IDENTITY, out);
        backend.gemm(false, true, 1f, labels, labelWeights, 1f, out);
        backend.activateInPlace(Activation.SIGMOID, out);
    }

    /**
     * Restores persistent hidden states saved by a checkpoint, one row per example of a full
     * minibatch.
     *
     * @param values the states, row-major
     * @throws IllegalArgumentException if they are not whole rows of the top RBM's hidden units
     */
    public void restoreChains(float[] values) {
        if (values.length == 0 || values.length % sizes[depth] != 0) {
            throw new IllegalArgumentException("the checkpoint's label chains have " + values.length
                    + " values, not rows of " + sizes[depth]);
        }
        persistent = backend.matrix(values.length / sizes[depth], sizes[depth], values);
    }

    /**
     * The number of classes of the label units.
     *
     * @return the classes
     */
    public int classes() {
        return classes;
    }

    /**
     * The persistent hidden states of the label phase, started from the first minibatch's
     * positive phase.
     *
     * @param buf the first minibatch
     * @param random the sampling stream
     * @return the states, owned by this network
     */
    public Matrix chains(Buffers buf, RandomStream random) {
        if (persistent == null) {
            persistent = backend.matrix(buf.hidden.rows(), buf.hidden.cols());
            topHidden(buf.wake[depth - 1], buf.labels, persistent);
            backend.sampleBernoulli(random, persistent, persistent);
        }
        return persistent;
    }

    /**
     * CD-k on the top RBM with labels; the input is in buf.wake[depth - 1]. With
     * {@code meanField} the negative visible states are probabilities (CD-1 for the labels),
     * otherwise samples (up-down). With a {@code chain}, the negative phase starts from those
     * persistent hidden states and leaves its last ones there (PCD).
     *
     * @param buf the minibatch
     * @param random the sampling stream
     * @param steps the Gibbs steps
     * @param rate the learning rate
     * @param meanField whether the negative visible states are probabilities
     * @param chain persistent hidden states, or null
     * @return the squared error of the input's reconstruction
     */
    public double topCd(Buffers buf, RandomStream random, int steps, float rate, boolean meanField, Matrix chain) {
        Matrix pen = buf.wake[depth - 1];
        int n = pen.rows();
        topHidden(pen, buf.labels, buf.hidden);
        if (chain != null) {
            backend.copy(chain, buf.hiddenSample);
        } else {
            backend.sampleBernoulli(random, buf.hidden, buf.hiddenSample);
        }
        double error = 0;
        for (int step = 0; step < steps; step++) {
            backend.affine(buf.hiddenSample, topWeights, false, topVisibleBias, Activation.SIGMOID, buf.penNegative);
            if (step == 0) {
                backend.subtract(pen, buf.penNegative, buf.difference);
                error = backend.sumOfSquares(buf.difference);
            }
            backend.affine(buf.hiddenSample, labelWeights, false, labelBias, Activation.IDENTITY,
                    buf.labelsNegative);
            backend.activateInPlace(Activation.SOFTMAX, buf.labelsNegative);
            if (!meanField) {
                backend.sampleBernoulli(random, buf.penNegative, buf.penNegative);
                backend.sampleOneHotGroups(random, classes, buf.labelsNegative, buf.labelsNegative);
            }
            topHidden(buf.penNegative, buf.labelsNegative, buf.hiddenNegative);
            if (step + 1 < steps) {
                backend.sampleBernoulli(random, buf.hiddenNegative, buf.hiddenSample);
            }
        }
        if (chain != null) {
            backend.sampleBernoulli(random, buf.hiddenNegative, chain);
        }
        float f = rate / n;
        backend.gemm(true, false, f, buf.hidden, pen, 1f, topWeights);
        backend.gemm(true, false, -f, buf.hiddenNegative, buf.penNegative, 1f, topWeights);
        backend.gemm(true, false, f, buf.hidden, buf.labels, 1f, labelWeights);
        backend.gemm(true, false, -f, buf.hiddenNegative, buf.labelsNegative, 1f, labelWeights);
        backend.columnSums(f, buf.hidden, 1f, topHiddenBias);
        backend.columnSums(-f, buf.hiddenNegative, 1f, topHiddenBias);
        backend.columnSums(f, pen, 1f, topVisibleBias);
        backend.columnSums(-f, buf.penNegative, 1f, topVisibleBias);
        backend.columnSums(f, buf.labels, 1f, labelBias);
        backend.columnSums(-f, buf.labelsNegative, 1f, labelBias);
        return error;
    }

    /**
     * One up-down step on the minibatch in {@code buf.wake[0]} with labels in {@code buf.labels}.
     *
     * @param buf the minibatch
     * @param random the sampling stream
     * @return the squared error of the top RBM's input reconstruction
     */
    public double upDown(Buffers buf, RandomStream random) {
        int n = buf.wake[0].rows();
        float f = (float) rate / n;
        for (int i = 0; i < depth - 1; i++) {
            backend.affine(buf.wake[i], recognition[i], true, recognitionBias[i], Activation.SIGMOID, buf.wake[i + 1]);
            backend.sampleBernoulli(random, buf.wake[i + 1], buf.wake[i + 1]);
        }
        double error = topCd(buf, random, topGibbsSteps, (float) rate, false, null);
        // Sleep: down from the top RBM's negative visible states with the generative weights.
        backend.copy(buf.penNegative, buf.sleep[depth - 1]);
        for (int i = depth - 2; i >= 0; i--) {
            backend.affine(buf.sleep[i + 1], generative[i], false, generativeBias[i], Activation.SIGMOID, buf.sleep[i]);
            backend.sampleBernoulli(random, buf.sleep[i], buf.sleep[i]);
        }
        for (int i = 0; i < depth - 1; i++) {
            // What the generative weights predict for the wake states, and the recognition
            // weights for the sleep states; both learn toward the states they missed.
            backend.affine(buf.wake[i + 1], generative[i], false, generativeBias[i], Activation.SIGMOID,
                    buf.generativePrediction[i]);
            backend.subtract(buf.wake[i], buf.generativePrediction[i], buf.generativePrediction[i]);
            backend.affine(buf.sleep[i], recognition[i], true, recognitionBias[i], Activation.SIGMOID,
                    buf.recognitionPrediction[i + 1]);
            backend.subtract(buf.sleep[i + 1], buf.recognitionPrediction[i + 1], buf.recognitionPrediction[i + 1]);
        }
        for (int i = 0; i < depth - 1; i++) {
            backend.gemm(true, false, f, buf.wake[i + 1], buf.generativePrediction[i], 1f, generative[i]);
            backend.columnSums(f, buf.generativePrediction[i], 1f, generativeBias[i]);
            backend.gemm(true, false, f, buf.recognitionPrediction[i + 1], buf.sleep[i], 1f, recognition[i]);
            backend.columnSums(f, buf.recognitionPrediction[i + 1], 1f, recognitionBias[i]);
        }
        return error;
    }

    /**
     * The parameter matrices, named as the model file names the tensors: {@code rbms.i.W}
     * (recognition), {@code rbms.i.W_down} (generative), the biases, the top RBM's, and its
     * {@code label_W} and {@code label_bias}.
     *
     * @return the live matrices
     */
    public Map<String, Matrix> parameterMatrices() {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (int i = 0; i < depth - 1; i++) {
            out.put(Dbn.tensorName(i, Rbm.WEIGHTS), recognition[i]);
            out.put(Dbn.tensorName(i, Rbm.HIDDEN_BIAS), recognitionBias[i]);
            out.put(Dbn.tensorName(i, Rbm.VISIBLE_BIAS), generativeBias[i]);
            out.put(Dbn.tensorName(i, "W_down"), generative[i]);
        }
        int top = depth - 1;
        out.put(Dbn.tensorName(top, Rbm.WEIGHTS), topWeights);
        out.put(Dbn.tensorName(top, Rbm.HIDDEN_BIAS), topHiddenBias);
        out.put(Dbn.tensorName(top, Rbm.VISIBLE_BIAS), topVisibleBias);
        out.put(Dbn.tensorName(top, "label_W"), labelWeights);
        out.put(Dbn.tensorName(top, "label_bias"), labelBias);
        return out;
    }

    /**
     * The current parameters.
     *
     * @return copies, by the names of {@link #parameterMatrices()}
     */
    public Map<String, float[]> parameters() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameterMatrices().forEach((k, m) -> out.put(k, m.toArray()));
        return out;
    }

    /**
     * Replaces the parameters.
     *
     * @param values arrays by the names of {@link #parameterMatrices()}
     * @throws IllegalArgumentException if one is missing or has the wrong length
     */
    public void setParameters(Map<String, float[]> values) {
        parameterMatrices().forEach((k, m) -> m.copyFrom(StateArrays.get(values, k, m)));
    }

    /**
     * The persistent label chains, for checkpoints.
     *
     * @return a copy, or null before the label phase made them
     */
    public float[] savedChains() {
        return persistent == null ? null : persistent.toArray();
    }

    /**
     * The current parameters as a DBN with untied weights and label units.
     *
     * @return the DBN
     */
    public Dbn snapshot() {
        List<Rbm> rbms = new ArrayList<>();
        for (int i = 0; i < depth - 1; i++) {
            Rbm old = original.layer(i);
            rbms.add(new Rbm(old.spec(), recognition[i].toArray(), generativeBias[i].toArray(),
                    recognitionBias[i].toArray(), old.visibleLogVariance()));
        }
        Rbm top = original.top();
        rbms.add(new Rbm(top.spec(), topWeights.toArray(), topVisibleBias.toArray(), topHiddenBias.toArray(),
                top.visibleLogVariance()));
        Dbn out = Dbn.of(rbms);
        for (int i = 0; i < depth - 1; i++) {
            out = out.withGenerativeWeights(i, generative[i].toArray());
        }
        return out.withLabels(new LabelUnits(classes, top.hidden(), labelWeights.toArray(), labelBias.toArray()))
                .withProvenance(original.provenance());
    }

    @Override
    public void close() {
        bySize.values().forEach(Buffers::close);
        for (int i = 0; i < depth - 1; i++) {
            recognition[i].close();
            recognitionBias[i].close();
            generative[i].close();
            generativeBias[i].close();
        }
        for (Matrix m : new Matrix[] {topWeights, topHiddenBias, topVisibleBias, labelWeights, labelBias}) {
            m.close();
        }
        if (persistent != null) {
            persistent.close();
        }
    }
}
