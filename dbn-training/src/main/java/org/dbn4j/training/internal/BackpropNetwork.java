package org.dbn4j.training.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.Optimizer;

/**
 * The feed-forward network a DBN describes, with its parameters, gradients and per-minibatch
 * buffers on a backend: layer {@code i} computes {@code act_i(b_i + (x . s_i) W_i^T)} with the
 * activation of its hidden units (sigmoid for Bernoulli, {@code max(0, x)} for noisy ReLU, as
 * {@link org.dbn4j.model.BoundRbm#hiddenMeans} does) and {@code s_i} the visible precisions of a
 * learned-variance Gaussian layer (1 otherwise), then the head. The precisions stay fixed:
 * backpropagation trains recognition weights, hidden biases and the head.
 *
 * <p>Not API: shared by the local fine-tuner and distributed executors.
 */
public final class BackpropNetwork implements AutoCloseable {
    private final Backend b;
    private final Head.Kind headKind;
    private final double weightDecay;
    private final double inputDropout;
    private final double hiddenDropout;
    private final int depth;
    private final Activation[] activations;
    /** 1 x visible precisions of each layer with learned variance, else null. */
    private final Matrix[] precisions;
    private final Matrix[] weights;
    private final Matrix[] biases;
    private final Matrix headWeight;
    private final Matrix headBias;
    private final Matrix[] weightGrads;
    private final Matrix[] biasGrads;
    private final Matrix headWeightGrad;
    private final Matrix headBiasGrad;
    /** The trainable parameters, in the order optimisers index them. */
    public final List<Matrix> parameters = new ArrayList<>();
    /** The layer sizes from the input up. */
    public final int[] sizes;
    /** The head's outputs. */
    public final int outputs;
    private final Map<Integer, Buffers> buffers = new HashMap<>();

    /**
     * Builds the network of a DBN with a head on a backend.
     *
     * @param b the backend
     * @param dbn the DBN, with its head
     * @param weightDecay the L2 coefficient of the weights
     * @param inputDropout the dropout probability of the inputs
     * @param hiddenDropout the dropout probability of the hidden layers
     */
    public BackpropNetwork(Backend b, Dbn dbn, double weightDecay, double inputDropout, double hiddenDropout) {
        this.b = b;
        this.headKind = dbn.head().kind();
        this.weightDecay = weightDecay;
        this.inputDropout = inputDropout;
        this.hiddenDropout = hiddenDropout;
        this.depth = dbn.depth();
        this.sizes = dbn.sizes();
        this.outputs = dbn.head().outputs();
        activations = new Activation[depth];
        precisions = new Matrix[depth];
        weights = new Matrix[depth];
        biases = new Matrix[depth];
        weightGrads = new Matrix[depth];
        biasGrads = new Matrix[depth];
        for (int i = 0; i < depth; i++) {
            Rbm rbm = dbn.layer(i);
            activations[i] = rbm.spec().hiddenUnits() == HiddenUnits.BERNOULLI ? Activation.SIGMOID : Activation.RELU;
            if (rbm.spec().learnedVariance()) {
                precisions[i] = b.matrix(1, rbm.visible(), precisionsOf(rbm.visibleLogVariance()));
            }
            weights[i] = b.matrix(rbm.hidden(), rbm.visible(), rbm.weights());
            biases[i] = b.matrix(1, rbm.hidden(), rbm.hiddenBias());
            weightGrads[i] = b.matrix(rbm.hidden(), rbm.visible());
            biasGrads[i] = b.matrix(1, rbm.hidden());
            parameters.add(weights[i]);
            parameters.add(biases[i]);
        }
        Head h = dbn.head();
        headWeight = b.matrix(h.outputs(), h.inputs(), h.weight());
        headBias = b.matrix(1, h.outputs(), h.bias());
        headWeightGrad = b.matrix(h.outputs(), h.inputs());
        headBiasGrad = b.matrix(1, h.outputs());
        parameters.add(headWeight);
        parameters.add(headBias);
    }

    /** {@code exp(-z)} in float, exactly as {@link org.dbn4j.model.BoundRbm#refreshVariance} computes it. */
    private static float[] precisionsOf(float[] logVariance) {
        float[] p = new float[logVariance.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(-logVariance[i]);
        }
        return p;
    }

    /** Matrices for one minibatch size. */
    public final class Buffers implements AutoCloseable {
        /** The rows of the minibatch. */
        public final int rows;
        /** The minibatch's inputs. */
        public final Matrix input;
        /** The minibatch's targets. */
        public final Matrix target;
        final Matrix inputDropped;
        final Matrix inputMask;
        /** The activations of each hidden layer. */
        final Matrix[] hidden;
        final Matrix[] dropped;
        final Matrix[] masks;
        /** The input of each layer times its precisions, for layers with learned variance. */
        final Matrix[] scaled;
        final Matrix[] deltas;
        /** The head's outputs after {@link #forward}. */
        public final Matrix logits;
        final Matrix outputDelta;
        final Matrix column;
        final Matrix keepInput;
        final Matrix[] keepHidden;
        final int[] predicted;
        final int[] truth;

        Buffers(int rows) {
            this.rows = rows;
            input = b.matrix(rows, sizes[0]);
            target = b.matrix(rows, outputs);
            inputDropped = inputDropout > 0 ? b.matrix(rows, sizes[0]) : null;
            inputMask = inputDropout > 0 ? b.matrix(rows, sizes[0]) : null;
            keepInput = inputDropout > 0 ? filled(rows, sizes[0], (float) (1 - inputDropout)) : null;
            hidden = new Matrix[depth];
            dropped = new Matrix[depth];
            masks = new Matrix[depth];
            scaled = new Matrix[depth];
            deltas = new Matrix[depth];
            keepHidden = new Matrix[depth];
            for (int i = 0; i < depth; i++) {
                hidden[i] = b.matrix(rows, sizes[i + 1]);
                deltas[i] = b.matrix(rows, sizes[i + 1]);
                if (precisions[i] != null) {
                    scaled[i] = b.matrix(rows, sizes[i]);
                }
                if (hiddenDropout > 0) {
                    dropped[i] = b.matrix(rows, sizes[i + 1]);
                    masks[i] = b.matrix(rows, sizes[i + 1]);
                    keepHidden[i] = filled(rows, sizes[i + 1], (float) (1 - hiddenDropout));
                }
            }
            logits = b.matrix(rows, outputs);
            outputDelta = b.matrix(rows, outputs);
            column = b.matrix(rows, 1);
            predicted = new int[rows];
            truth = new int[rows];
        }

        private Matrix filled(int r, int c, float value) {
            Matrix m = b.matrix(r, c);
            b.fill(value, m);
            return m;
        }

        /** The input of layer i (the network input for i = 0) as the forward pass used it, before precisions. */
        Matrix layerInput(int i) {
            if (i == 0) {
                return inputDropped != null ? inputDropped : input;
            }
            return dropped[i - 1] != null ? dropped[i - 1] : hidden[i - 1];
        }

        /** What layer i's weights multiply: its input, times its precisions where it has learned variance. */
        Matrix weightedInput(int i) {
            return scaled[i] != null ? scaled[i] : layerInput(i);
        }

        @Override
        public void close() {
            List<Matrix> all = new ArrayList<>(List.of(input, target, logits, outputDelta, column));
            for (Matrix m : new Matrix[] {inputDropped, inputMask, keepInput}) {
                if (m != null) {
                    all.add(m);
                }
            }
            for (Matrix[] group : new Matrix[][] {hidden, dropped, masks, scaled, deltas, keepHidden}) {
                for (Matrix m : group) {
                    if (m != null) {
                        all.add(m);
                    }
                }
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
        return buffers.computeIfAbsent(rows, Buffers::new);
    }

    /**
     * The forward pass; with a random stream, dropout is applied.
     *
     * @param buf the minibatch, whose logits it fills
     * @param random the dropout stream, or null for none
     */
    public void forward(Buffers buf, RandomStream random) {
        if (random != null && inputDropout > 0) {
            dropout(random, buf.input, buf.keepInput, buf.inputMask, buf.inputDropped, inputDropout);
        }
        for (int i = 0; i < depth; i++) {
            Matrix in = buf.layerInput(i);
            // The same calls as BoundRbm.hiddenMeans, so that inference computes the same numbers.
            if (precisions[i] == null) {
                b.affine(in, weights[i], true, biases[i], activations[i], buf.hidden[i]);
            } else {
                b.multiplyRowVector(in, precisions[i], buf.scaled[i]);
                b.affine(buf.scaled[i], weights[i], true, biases[i], Activation.IDENTITY, buf.hidden[i]);
                b.activateInPlace(activations[i], buf.hidden[i]);
            }
            if (random != null && hiddenDropout > 0) {
                dropout(random, buf.hidden[i], buf.keepHidden[i], buf.masks[i], buf.dropped[i], hiddenDropout);
            }
        }
        b.affine(buf.layerInput(depth), headWeight, true, headBias, Activation.IDENTITY, buf.logits);
    }

    private void dropout(RandomStream random, Matrix x, Matrix keep, Matrix mask, Matrix out, double p) {
        b.sampleBernoulli(random, keep, mask);
        b.multiplyElementwise(x, mask, out);
        b.scale((float) (1 / (1 - p)), out, out);
    }

    /**
     * The loss of the minibatch after {@link #forward}; leaves dLoss/dlogits in its buffers.
     *
     * @param buf the minibatch
     * @return the mean loss
     */
    public double lossAndOutputDelta(Buffers buf) {
        float inv = 1f / buf.rows;
        if (headKind == Head.Kind.SOFTMAX) {
            // cross-entropy = sum_i (logsumexp(z_i) - z_i . t_i)
            b.logSumExpRows(buf.logits, buf.column);
            double lse = b.sum(buf.column);
            b.multiplyElementwise(buf.logits, buf.target, buf.outputDelta);
            double picked = b.sum(buf.outputDelta);
            b.activate(Activation.SOFTMAX, buf.logits, buf.outputDelta);
            b.subtract(buf.outputDelta, buf.target, buf.outputDelta);
            b.scale(inv, buf.outputDelta, buf.outputDelta);
            return (lse - picked) / buf.rows;
        }
        b.subtract(buf.logits, buf.target, buf.outputDelta);
        double sse = b.sumOfSquares(buf.outputDelta);
        b.scale(inv, buf.outputDelta, buf.outputDelta);
        return sse / (2.0 * buf.rows);
    }

    /**
     * One minibatch of training: gradients, then the optimiser's step.
     *
     * @param buf the minibatch
     * @param random the dropout stream, or null
     * @param frozen whether only the head learns
     * @param epoch the epoch, for schedules
     * @param opt the optimiser's state
     * @return the minibatch's mean loss
     */
    public double trainStep(Buffers buf, RandomStream random, boolean frozen, int epoch, Optimizer.State opt) {
        double loss = computeGradients(buf, random, frozen);
        applyGradients(frozen, epoch, opt);
        return loss;
    }

    /**
     * Forward and backward over a minibatch: the loss, and the gradients (with decay) in
     * {@link #gradientMatrices()}.
     *
     * @param buf the minibatch
     * @param random the dropout stream, or null
     * @param frozen whether only the head's gradients are needed
     * @return the mean loss
     */
    public double computeGradients(Buffers buf, RandomStream random, boolean frozen) {
        forward(buf, random);
        double loss = lossAndOutputDelta(buf);
        b.gemm(true, false, 1f, buf.outputDelta, buf.layerInput(depth), 0f, headWeightGrad);
        b.columnSums(1f, buf.outputDelta, 0f, headBiasGrad);
        if (!frozen) {
            // deltas[i] holds dLoss/d(output of layer i), then dLoss/d(pre-activation of layer i).
            b.gemm(false, false, 1f, buf.outputDelta, headWeight, 0f, buf.deltas[depth - 1]);
            for (int i = depth - 1; i >= 0; i--) {
                Matrix d = buf.deltas[i];
                if (buf.masks[i] != null) {
                    b.multiplyElementwise(d, buf.masks[i], d);
                    b.scale((float) (1 / (1 - hiddenDropout)), d, d);
                }
                b.activationGradient(activations[i], buf.hidden[i], d, d);
                b.gemm(true, false, 1f, d, buf.weightedInput(i), 0f, weightGrads[i]);
                b.columnSums(1f, d, 0f, biasGrads[i]);
                if (i > 0) {
                    Matrix below = buf.deltas[i - 1];
                    b.gemm(false, false, 1f, d, weights[i], 0f, below);
                    if (precisions[i] != null) {
                        b.multiplyRowVector(below, precisions[i], below);
                    }
                }
            }
        }
        if (weightDecay > 0) {
            b.axpy((float) weightDecay, headWeight, headWeightGrad);
            if (!frozen) {
                for (int i = 0; i < depth; i++) {
                    b.axpy((float) weightDecay, weights[i], weightGrads[i]);
                }
            }
        }
        return loss;
    }

    /**
     * The optimiser's step from the gradients in {@link #gradientMatrices()}.
     *
     * @param frozen whether only the head learns
     * @param epoch the epoch, for schedules
     * @param opt the optimiser's state
     */
    public void applyGradients(boolean frozen, int epoch, Optimizer.State opt) {
        int p = 0;
        if (!frozen) {
            for (int i = 0; i < depth; i++) {
                opt.update(p, weights[i], weightGrads[i], epoch);
                opt.update(p + 1, biases[i], biasGrads[i], epoch);
                p += 2;
            }
        } else {
            p = 2 * depth;
        }
        opt.update(p, headWeight, headWeightGrad, epoch);
        opt.update(p + 1, headBias, headBiasGrad, epoch);
    }

    /**
     * The gradient matrices, by the model file's names ({@link Dbn#tensorName}, {@link Head#tensorName}).
     *
     * @return the live matrices
     */
    public Map<String, Matrix> gradientMatrices() {
        Map<String, Matrix> g = new LinkedHashMap<>();
        for (int i = 0; i < depth; i++) {
            g.put(Dbn.tensorName(i, Rbm.WEIGHTS), weightGrads[i]);
            g.put(Dbn.tensorName(i, Rbm.HIDDEN_BIAS), biasGrads[i]);
        }
        g.put(Head.tensorName(headKind, Head.WEIGHT), headWeightGrad);
        g.put(Head.tensorName(headKind, Head.BIAS), headBiasGrad);
        return g;
    }

    /**
     * The parameter matrices, by the model file's names.
     *
     * @return the live matrices
     */
    public Map<String, Matrix> parameterMatrices() {
        Map<String, Matrix> v = new LinkedHashMap<>();
        for (int i = 0; i < depth; i++) {
            v.put(Dbn.tensorName(i, Rbm.WEIGHTS), weights[i]);
            v.put(Dbn.tensorName(i, Rbm.HIDDEN_BIAS), biases[i]);
        }
        v.put(Head.tensorName(headKind, Head.WEIGHT), headWeight);
        v.put(Head.tensorName(headKind, Head.BIAS), headBias);
        return v;
    }

    /**
     * Whether every parameter is finite.
     *
     * @return false after a divergence
     */
    public boolean finite() {
        for (Matrix p : parameters) {
            if (!Double.isFinite(b.sumOfSquares(p))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Correct predictions in the minibatch just trained (from its logits, before the update).
     *
     * @param buf the minibatch
     * @return the count
     */
    public int correct(Buffers buf) {
        b.argmaxRows(buf.logits, buf.predicted);
        b.argmaxRows(buf.target, buf.truth);
        int right = 0;
        for (int i = 0; i < buf.rows; i++) {
            if (buf.predicted[i] == buf.truth[i]) {
                right++;
            }
        }
        return right;
    }

    /**
     * Loss and accuracy on held-out data, without dropout.
     *
     * @param data the data
     * @param targets their targets, row-major
     * @return the mean loss and the accuracy
     */
    public double[] evaluate(DataSet data, float[] targets) {
        int n = data.rows();
        int chunk = 500;
        double loss = 0;
        int right = 0;
        for (int from = 0; from < n; from += chunk) {
            int rows = Math.min(chunk, n - from);
            Buffers buf = buffers(rows);
            data.copyRows(from, buf.input);
            buf.target.copyFrom(targets, from * outputs);
            forward(buf, null);
            loss += lossAndOutputDelta(buf) * rows;
            right += correct(buf);
        }
        return new double[] {loss / n, (double) right / n};
    }

    /**
     * The validation metrics of an epoch: the loss, and for a softmax head the accuracy.
     *
     * @param data the data
     * @param targets their targets, row-major
     * @return the metrics by name
     */
    public Map<String, Double> validationMetrics(DataSet data, float[] targets) {
        double[] v = evaluate(data, targets);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validationLoss", v[0]);
        if (headKind == Head.Kind.SOFTMAX) {
            metrics.put("validationAccuracy", v[1]);
        }
        return metrics;
    }

    /**
     * The current parameters as a DBN shaped like {@code like}.
     *
     * @param like the DBN this network was made from
     * @return the DBN
     */
    public Dbn snapshot(Dbn like) {
        Map<String, float[]> v = new LinkedHashMap<>();
        parameterMatrices().forEach((name, m) -> v.put(name, m.toArray()));
        return BackpropValues.withValues(like, v);
    }

    /**
     * Copies the current parameters into {@code into} (by the names of {@link BackpropValues#of}),
     * allocating it on the first call and reusing its arrays after that.
     *
     * @param into the arrays of an earlier call, or null
     * @return the filled arrays
     */
    public Map<String, float[]> saveValues(Map<String, float[]> into) {
        Map<String, float[]> out = into != null ? into : new LinkedHashMap<>();
        parameterMatrices().forEach((name, m) -> m.copyTo(
                out.computeIfAbsent(name, k -> new float[Math.toIntExact(m.size())]), 0));
        return out;
    }

    @Override
    public void close() {
        buffers.values().forEach(Buffers::close);
        for (int i = 0; i < depth; i++) {
            weights[i].close();
            biases[i].close();
            weightGrads[i].close();
            biasGrads[i].close();
            if (precisions[i] != null) {
                precisions[i].close();
            }
        }
        headWeight.close();
        headBias.close();
        headWeightGrad.close();
        headBiasGrad.close();
    }
}
