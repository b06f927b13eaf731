package org.dbn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dbn4j.data.DataSet;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.tensor.ShapeMismatchException;

/**
 * A DBN's parameters on a backend, with everything a user does with a trained DBN: features at
 * any layer, classification and regression through the head (or, without a head, by the label
 * units' free energies), anomaly scores, and generation.
 *
 * <p>Inference is thread-safe: the parameters are read-only, and every call allocates only its
 * own few temporaries, sized for at most {@value #CHUNK} rows at a time, so one bound model can
 * serve many threads at once. Close it to release the parameters.
 *
 * <p>The methods that take a {@link DataSet} take raw inputs and apply the model's
 * {@link Dbn#inputScaling()} first; those that take a {@link Matrix} take inputs as the bottom
 * RBM sees them, already standardised.
 */
public final class BoundDbn implements AutoCloseable {

    /** The most rows a data-set call pushes through the network at once. */
    public static final int CHUNK = 256;

    private final Dbn model;
    private final Backend backend;
    private final List<BoundRbm> layers = new ArrayList<>();
    private final List<Matrix> generative = new ArrayList<>();
    private final Matrix headWeight;
    private final Matrix headBias;
    private final Matrix labelWeights;
    private final Matrix labelWeightsByClass;
    private final Matrix labelBias;

    BoundDbn(Backend backend, Dbn model) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.model = model;
        for (int i = 0; i < model.depth(); i++) {
            BoundRbm rbm = model.layer(i).bind(backend);
            layers.add(rbm);
            float[] g = model.generativeWeights(i);
            generative.add(g == null ? rbm.weights() : backend.matrix(rbm.spec().hidden(), rbm.spec().visible(), g));
        }
        Head head = model.head();
        headWeight = head == null ? null : backend.matrix(head.outputs(), head.inputs(), head.weight());
        headBias = head == null ? null : backend.matrix(1, head.outputs(), head.bias());
        LabelUnits labels = model.labels();
        if (labels == null) {
            labelWeights = null;
            labelWeightsByClass = null;
            labelBias = null;
        } else {
            float[] w = labels.weights();
            float[] t = new float[w.length];
            int c = labels.classes();
            int h = labels.hidden();
            for (int j = 0; j < h; j++) {
                for (int y = 0; y < c; y++) {
                    t[y * h + j] = w[j * c + y];
                }
            }
            labelWeights = backend.matrix(h, c, w);
            labelWeightsByClass = backend.matrix(c, h, t);
            labelBias = backend.matrix(1, c, labels.bias());
        }
    }

    /**
     * The model this was bound from.
     *
     * @return the model
     */
    public Dbn model() {
        return model;
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
     * One bound RBM of the stack.
     *
     * @param index from 0 at the bottom
     * @return the RBM
     */
    public BoundRbm layer(int index) {
        return layers.get(index);
    }

    /**
     * The width of a layer: 0 is the input, {@code i >= 1} the hidden layer of RBM {@code i - 1}.
     *
     * @param layer the layer
     * @return its number of units
     */
    public int width(int layer) {
        requireLayer(layer);
        return model.sizes()[layer];
    }

    private void requireLayer(int layer) {
        if (layer < 0 || layer > model.depth()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist; this DBN has layers 0 (input) to "
                    + model.depth());
        }
    }

    // ------------------------------------------------------------------ matrices in, matrices out

    /**
     * The deterministic up pass: hidden probabilities (means) of each RBM in turn.
     *
     * @param x inputs, one example per row
     * @param layer 0 for the input itself, {@code i} for the hidden layer of RBM {@code i - 1}
     * @param out rows x width(layer)
     */
    public void features(Matrix x, int layer, Matrix out) {
        requireLayer(layer);
        requireColumns("x", x, model.inputs());
        if (layer == 0) {
            backend.copy(x, out);
            return;
        }
        Matrix in = x;
        Matrix previous = null;
        try {
            for (int i = 0; i < layer; i++) {
                Matrix h = i == layer - 1 ? out : backend.matrix(x.rows(), layers.get(i).spec().hidden());
                layers.get(i).hiddenMeans(in, h);
                if (previous != null) {
                    previous.close();
                }
                previous = h == out ? null : h;
                in = h;
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
        }
    }

    /**
     * The head's outputs before any softmax: logits of a softmax head, values of a linear head.
     *
     * @param x inputs
     * @param out rows x head outputs
     */
    public void logits(Matrix x, Matrix out) {
        requireHead();
        try (Matrix top = backend.matrix(x.rows(), model.top().hidden())) {
            features(x, model.depth(), top);
            backend.affine(top, headWeight, true, headBias, Activation.IDENTITY, out);
        }
    }

    /**
     * The head's predictions: class probabilities of a softmax head, values of a linear head.
     *
     * @param x inputs
     * @param out rows x head outputs
     */
    public void predict(Matrix x, Matrix out) {
        logits(x, out);
        if (model.head().kind() == Head.Kind.SOFTMAX) {
            backend.activateInPlace(Activation.SOFTMAX, out);
        }
    }

    /**
     * Up through every RBM with means, then down again with the generative weights: the
     * network's reconstruction of its input.
     *
     * @param x inputs
     * @param out rows x inputs
     */
    public void reconstruct(Matrix x, Matrix out) {
        int depth = model.depth();
        Matrix[] ups = new Matrix[depth];
        try {
            Matrix in = x;
            for (int i = 0; i < depth; i++) {
                ups[i] = backend.matrix(x.rows(), layers.get(i).spec().hidden());
                layers.get(i).hiddenMeans(in, ups[i]);
                in = ups[i];
            }
            Matrix down = ups[depth - 1];
            for (int i = depth - 1; i >= 0; i--) {
                Matrix target = i == 0 ? out : ups[i - 1];
                downMeans(i, down, target);
                down = target;
            }
        } finally {
            for (Matrix m : ups) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    /**
     * Visible means of RBM {@code layer} given its hidden states, with its generative weights.
     *
     * @param layer the RBM
     * @param h hidden states, rows x hidden
     * @param out rows x visible
     */
    public void downMeans(int layer, Matrix h, Matrix out) {
        BoundRbm rbm = layers.get(layer);
        Matrix w = generative.get(layer);
        switch (rbm.spec().visibleUnits()) {
            case BERNOULLI:
                backend.affine(h, w, false, rbm.visibleBias(), Activation.SIGMOID, out);
                break;
            case GAUSSIAN:
                backend.affine(h, w, false, rbm.visibleBias(), Activation.IDENTITY, out);
                break;
            case SOFTMAX:
                backend.affine(h, w, false, rbm.visibleBias(), Activation.IDENTITY, out);
                backend.softmaxGroups(rbm.spec().softmaxGroupSize(), out, out);
                break;
            default:
                throw new IllegalStateException(String.valueOf(rbm.spec().visibleUnits()));
        }
    }

    // ------------------------------------------------------------------ data sets in, arrays out

    /**
     * Features of every example at a layer.
     *
     * @param data the examples (labels are kept)
     * @param layer 0 for the input, {@code i} for the hidden layer of RBM {@code i - 1}
     * @return the features as a data set
     */
    public DataSet features(DataSet data, int layer) {
        int width = width(layer);
        float[] out = new float[data.rows() * width];
        forChunks(data, width, (x, y) -> features(x, layer, y), out);
        return data.hasLabels() ? new DataSet(out, data.rows(), width, data.labels(), data.classes())
                : DataSet.unlabelled(out, data.rows(), width);
    }

    /**
     * The head's predictions for every example: class probabilities or regression values (in
     * the targets' own units when the model keeps an {@link Dbn#outputScaling()}).
     *
     * @param data the examples
     * @return rows x outputs, row-major
     */
    public float[] predict(DataSet data) {
        requireHead();
        int width = model.head().outputs();
        float[] out = new float[data.rows() * width];
        forChunks(data, width, this::predict, out);
        if (model.outputScaling() != null) {
            model.outputScaling().invertInPlace(out);
        }
        return out;
    }

    /**
     * The most likely class of every example: by the softmax head when there is one, else by the
     * label units (the class whose joint free energy with the top RBM is lowest).
     *
     * @param data the examples
     * @return one class per example
     */
    public int[] classify(DataSet data) {
        Head head = model.head();
        if (head != null && head.kind() == Head.Kind.SOFTMAX) {
            int width = head.outputs();
            float[] out = new float[data.rows() * width];
            forChunks(data, width, this::logits, out);
            return argmaxRows(out, data.rows(), width);
        }
        if (labelWeights != null) {
            int width = model.labels().classes();
            float[] out = new float[data.rows() * width];
            forChunks(data, width, this::labelScores, out);
            return argmaxRows(out, data.rows(), width);
        }
        throw new IllegalStateException("this DBN has neither a softmax head nor label units, so it cannot classify");
    }

    /**
     * The share of examples classified as their label.
     *
     * @param data labelled examples
     * @return accuracy in [0, 1]
     */
    public double accuracy(DataSet data) {
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("accuracy needs labelled data");
        }
        int[] predicted = classify(data);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == data.label(i)) {
                right++;
            }
        }
        return data.rows() == 0 ? 0 : (double) right / data.rows();
    }

    /**
     * Anomaly score: the bottom RBM's free energy of every example (high is unusual).
     *
     * @param data the examples
     * @return one free energy per example
     */
    public double[] freeEnergy(DataSet data) {
        float[] out = new float[data.rows()];
        forChunks(data, 1, layers.get(0)::freeEnergy, out);
        return toDouble(out);
    }

    /**
     * Anomaly score: the squared error of every example's reconstruction through the whole stack
     * (see {@link #reconstruct(Matrix, Matrix)}).
     *
     * @param data the examples
     * @return one sum of squared errors per example
     */
    public double[] reconstructionError(DataSet data) {
        float[] out = new float[data.rows()];
        forChunks(data, 1, (x, y) -> {
            try (Matrix r = backend.matrix(x.rows(), x.cols())) {
                reconstruct(x, r);
                backend.subtract(x, r, r);
                backend.multiplyElementwise(r, r, r);
                backend.rowSums(r, y);
            }
        }, out);
        return toDouble(out);
    }

    /**
     * Generates examples: alternating Gibbs sampling in the top RBM from a random start (with the
     * label clamped when one is asked for and the DBN has label units), then one down pass
     * through the generative weights with means from the last hidden sample of the top RBM (the
     * mean-field images of Hinton et al. 2006's figures), in the data's own units when the model keeps an {@link Dbn#inputScaling()}.
     *
     * @param count how many
     * @param gibbsSteps steps in the top RBM, at least 1 (hundreds mix better)
     * @param label the class to generate, or -1 for any
     * @param seed the seed of the sampling
     * @return {@code count} generated examples, labelled with the class when one was given
     */
    public DataSet generate(int count, int gibbsSteps, int label, long seed) {
        return sample(count, null, gibbsSteps, label, 1, seed);
    }

    /**
     * Generates examples of a chosen class from a sharpened conditional: as
     * {@link #generate(int, int, int, long)} with the label clamped, but with the clamped label's
     * input to the top RBM's hidden units multiplied by {@code labelStrength}. Strength 1 is the
     * model's own conditional distribution; above 1 the chains keep to the asked class more
     * firmly (a top RBM trained for a few dozen epochs lets them drift to similar digits), at the
     * price of samples that no longer follow the model exactly.
     *
     * @param count how many
     * @param gibbsSteps steps in the top RBM, at least 1
     * @param label the class to generate (the DBN must have label units)
     * @param labelStrength the factor on the label's input, positive; 1 for the model's conditional
     * @param seed the seed of the sampling
     * @return {@code count} generated examples, labelled with the class
     */
    public DataSet generate(int count, int gibbsSteps, int label, double labelStrength, long seed) {
        requireClampedLabel(label, labelStrength);
        return sample(count, null, gibbsSteps, label, labelStrength, seed);
    }

    /**
     * Generates examples from chains that start at real examples: each chain of the top RBM
     * starts at the representation the up pass gives one example, then runs as in
     * {@link #generate}. A DBN's top RBM mixes slowly between modes, so chains started from data
     * of every class cover every class, where chains from a random start fall into a few modes;
     * the more steps, the further the samples move from their starts.
     *
     * @param starts the examples the chains start from, one chain each (their labels are ignored)
     * @param gibbsSteps steps in the top RBM, at least 1
     * @param label the class to clamp, or -1 for any
     * @param seed the seed of the sampling
     * @return one generated example per start, labelled with the class when one was given
     */
    public DataSet generateFrom(DataSet starts, int gibbsSteps, int label, long seed) {
        return sample(starts.rows(), starts, gibbsSteps, label, 1, seed);
    }

    /**
     * Generates examples of a chosen class from chains that start at real examples, with the
     * clamped label's input multiplied by {@code labelStrength}: {@link #generateFrom(DataSet,
     * int, int, long)} with the sharpening of {@link #generate(int, int, int, double, long)}.
     *
     * @param starts the examples the chains start from, one chain each (their labels are ignored)
     * @param gibbsSteps steps in the top RBM, at least 1
     * @param label the class to generate (the DBN must have label units)
     * @param labelStrength the factor on the label's input, positive; 1 for the model's conditional
     * @param seed the seed of the sampling
     * @return one generated example per start, labelled with the class
     */
    public DataSet generateFrom(DataSet starts, int gibbsSteps, int label, double labelStrength, long seed) {
        requireClampedLabel(label, labelStrength);
        return sample(starts.rows(), starts, gibbsSteps, label, labelStrength, seed);
    }

    private static void requireClampedLabel(int label, double labelStrength) {
        if (label < 0) {
            throw new IllegalArgumentException("a label strength needs a class to clamp, got label " + label);
        }
        if (!(labelStrength > 0) || Double.isInfinite(labelStrength)) {
            throw new IllegalArgumentException("the label strength must be positive and finite, got " + labelStrength);
        }
    }

    private DataSet sample(int count, DataSet starts, int gibbsSteps, int label, double labelStrength, long seed) {
        if (starts != null && starts.cols() != model.inputs()) {
            throw new IllegalArgumentException("the chains' starts have " + starts.cols() + " features but the DBN"
                    + " takes " + model.inputs());
        }
        if (count < 1 || gibbsSteps < 1) {
            throw new IllegalArgumentException("generate needs at least one example and one Gibbs step, got " + count
                    + " and " + gibbsSteps);
        }
        LabelUnits labels = model.labels();
        if (label >= 0 && labels == null) {
            throw new IllegalArgumentException("this DBN has no label units, so it cannot generate a chosen class;"
                    + " fine-tune it with up-down and labels first");
        }
        if (labels != null && label >= labels.classes()) {
            throw new IllegalArgumentException("class " + label + " does not exist; there are " + labels.classes());
        }
        int depth = model.depth();
        BoundRbm top = layers.get(depth - 1);
        RandomStream random = backend.randomStream(seed);
        int pen = top.spec().visible();
        int hidden = top.spec().hidden();
        float[] result = new float[count * model.inputs()];
        try (Matrix v = backend.matrix(count, pen);
             Matrix h = backend.matrix(count, hidden);
             Matrix start = backend.matrix(count, pen);
             Matrix y = labels == null ? null : backend.matrix(count, labels.classes());
             Matrix yp = labels == null ? null : backend.matrix(count, labels.classes())) {
            if (starts == null) {
                backend.fill(0.5f, start);
            } else {
                start.copyFrom(features(starts, depth - 1).features(), 0);
            }
            if (starts != null && depth == 1 && top.spec().visibleUnits() != VisibleUnits.BERNOULLI) {
                v.copyFrom(start.toArray(), 0);
            } else {
                backend.sampleBernoulli(random, start, v);
            }
            if (y != null) {
                float[] oneHot = new float[count * labels.classes()];
                for (int i = 0; i < count; i++) {
                    oneHot[i * labels.classes() + (label >= 0 ? label : i % labels.classes())] = 1f;
                }
                y.copyFrom(oneHot);
            }
            for (int step = 0; step < gibbsSteps; step++) {
                top.hiddenPreActivation(v, h);
                if (y != null) {
                    backend.gemm(false, true, (float) labelStrength, y, labelWeights, 1f, h);
                }
                top.sampleHiddenFromInput(random, h, h);
                top.sampleVisible(random, h, v);
                if (y != null && label < 0) {
                    backend.affine(h, labelWeights, false, labelBias, Activation.IDENTITY, yp);
                    backend.activateInPlace(Activation.SOFTMAX, yp);
                    backend.sampleOneHotGroups(random, labels.classes(), yp, y);
                }
            }
            Matrix down = v;
            List<Matrix> temporaries = new ArrayList<>();
            try {
                if (depth > 1) {
                    // Means from the top RBM's last hidden sample all the way down: the sampled
                    // binary states only add pixel noise to the images.
                    top.visibleMeans(h, v);
                    for (int i = depth - 2; i >= 0; i--) {
                        Matrix below = backend.matrix(count, layers.get(i).spec().visible());
                        temporaries.add(below);
                        downMeans(i, down, below);
                        down = below;
                    }
                } else {
                    top.visibleMeans(h, v);
                }
                System.arraycopy(down.toArray(), 0, result, 0, result.length);
            } finally {
                temporaries.forEach(Matrix::close);
            }
            if (model.inputScaling() != null) {
                model.inputScaling().invertInPlace(result);
            }
            if (label >= 0) {
                int[] labelsOut = new int[count];
                java.util.Arrays.fill(labelsOut, label);
                return new DataSet(result, count, model.inputs(), labelsOut, labels.classes());
            }
            return DataSet.unlabelled(result, count, model.inputs());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Minus the free energy of (top RBM's input, class) for each class; higher is more likely. */
    private void labelScores(Matrix x, Matrix out) {
        BoundRbm top = layers.get(model.depth() - 1);
        int classes = model.labels().classes();
        float[] bias = model.labels().bias();
        float[] scores = new float[x.rows() * classes];
        try (Matrix pen = backend.matrix(x.rows(), top.spec().visible());
             Matrix pre = backend.matrix(x.rows(), top.spec().hidden());
             Matrix t = backend.matrix(x.rows(), top.spec().hidden());
             Matrix row = backend.matrix(1, top.spec().hidden());
             Matrix sums = backend.matrix(x.rows(), 1)) {
            features(x, model.depth() - 1, pen);
            top.hiddenPreActivation(pen, pre);
            int[] index = new int[1];
            for (int c = 0; c < classes; c++) {
                index[0] = c;
                backend.gatherRows(labelWeightsByClass, index, 0, row);
                backend.addRowVector(pre, row, t);
                backend.activateInPlace(Activation.SOFTPLUS, t);
                backend.rowSums(t, sums);
                float[] s = sums.toArray();
                for (int i = 0; i < s.length; i++) {
                    scores[i * classes + c] = s[i] + bias[c];
                }
            }
        }
        out.copyFrom(scores);
    }

    private void forChunks(DataSet data, int width, java.util.function.BiConsumer<Matrix, Matrix> op, float[] out) {
        requireColumnsData(data);
        Standardization scaling = model.inputScaling();
        (scaling == null ? data : scaling.apply(data)).mapRows(backend, width, CHUNK, op, out);
    }

    private static int[] argmaxRows(float[] values, int rows, int cols) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (values[i * cols + j] > values[i * cols + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private void requireHead() {
        if (model.head() == null) {
            throw new IllegalStateException("this DBN has no head; fine-tune it with a softmax or linear head first");
        }
    }

    private void requireColumnsData(DataSet data) {
        if (data.cols() != model.inputs()) {
            throw new ShapeMismatchException("the DBN takes " + model.inputs() + " features per example, the data have "
                    + data.cols());
        }
    }

    private void requireColumns(String name, Matrix m, int expected) {
        if (m.cols() != expected) {
            throw new ShapeMismatchException("the DBN expects " + name + " with " + expected + " columns, got "
                    + m.shape());
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < layers.size(); i++) {
            if (generative.get(i) != layers.get(i).weights()) {
                generative.get(i).close();
            }
            layers.get(i).close();
        }
        for (Matrix m : new Matrix[] {headWeight, headBias, labelWeights, labelWeightsByClass, labelBias}) {
            if (m != null) {
                m.close();
            }
        }
    }

    @Override
    public String toString() {
        return "BoundDbn[" + model + " on " + backend.name() + "]";
    }
}
