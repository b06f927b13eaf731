package org.dbn4j.training.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.Optimizer;

/**
 * One copy of the network being fine-tuned, for data-parallel training. Parameters and
 * gradients are named as the model file names them ({@code rbms.i.W}, {@code rbms.i.h_bias},
 * {@code classifier.weight}...: the recognition weights, hidden biases and head); gradients are
 * means over the minibatch and include the weight decay. Not API: for data-parallel executors.
 */
public final class Replica implements AutoCloseable {
    private final BackpropNetwork net;

    /**
     * Builds a replica of a DBN with a head.
     *
     * @param backend the backend
     * @param dbn the DBN, with its head
     * @param regularization weight decay and dropout
     */
    public Replica(Backend backend, Dbn dbn, Regularization regularization) {
        if (dbn.head() == null) {
            throw new IllegalArgumentException("the replica needs a DBN with a head");
        }
        this.net = new BackpropNetwork(backend, dbn, regularization.weightDecay(), regularization.inputDropout(),
                regularization.hiddenDropout());
    }

    /**
     * Starts an optimiser's state for this replica's parameters.
     *
     * @param optimizer the optimiser's configuration
     * @return its state, which the caller closes
     */
    public Optimizer.State startOptimizer(Optimizer optimizer) {
        return optimizer.start(net.parameters);
    }

    /**
     * Computes the loss and gradients of one minibatch.
     *
     * @param features rows x inputs, row-major
     * @param targets rows x outputs (one-hot for a softmax head)
     * @param rows the number of examples, at most the batch size
     * @param random the dropout stream (ignored without dropout)
     * @param frozen whether the lower layers are frozen
     * @return the mean loss of the minibatch
     */
    public double computeGradients(float[] features, float[] targets, int rows, RandomStream random, boolean frozen) {
        BackpropNetwork.Buffers buf = net.buffers(rows);
        buf.input.copyFrom(features.length == rows * net.sizes[0] ? features
                : java.util.Arrays.copyOf(features, rows * net.sizes[0]));
        buf.target.copyFrom(targets.length == rows * net.outputs ? targets
                : java.util.Arrays.copyOf(targets, rows * net.outputs));
        return net.computeGradients(buf, random, frozen);
    }

    /**
     * The gradients of the last {@link #computeGradients}.
     *
     * @return copies, by name
     */
    public Map<String, float[]> gradients() {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.gradientMatrices().forEach((k, m) -> out.put(k, m.toArray()));
        return out;
    }

    /**
     * Applies gradients with the optimiser, as one local minibatch step does.
     *
     * @param gradients gradients by name, or null to apply this replica's own
     * @param optimizer the optimiser's state, started for this replica
     * @param frozen whether the lower layers are frozen
     * @param epoch the epoch (for schedules)
     */
    public void applyGradients(Map<String, float[]> gradients, Optimizer.State optimizer, boolean frozen, int epoch) {
        if (gradients != null) {
            net.gradientMatrices().forEach((k, m) -> m.copyFrom(StateArrays.get(gradients, k, m)));
        }
        net.applyGradients(frozen, epoch, optimizer);
    }

    /**
     * The current parameters.
     *
     * @return copies, by name
     */
    public Map<String, float[]> parameters() {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.parameterMatrices().forEach((k, m) -> out.put(k, m.toArray()));
        return out;
    }

    /**
     * Replaces the parameters.
     *
     * @param values parameters by name
     */
    public void setParameters(Map<String, float[]> values) {
        net.parameterMatrices().forEach((k, m) -> m.copyFrom(StateArrays.get(values, k, m)));
    }

    /**
     * The validation metrics the local fine-tuner reports: the loss, and for a softmax head
     * the accuracy.
     *
     * @param data labelled validation data
     * @return the metrics by name
     */
    public Map<String, Double> validationMetrics(DataSet data) {
        return net.validationMetrics(data, BackpropValues.oneHot(data, net.outputs));
    }

    /**
     * Whether every parameter is finite.
     *
     * @return false after a divergence
     */
    public boolean finite() {
        return net.finite();
    }

    /**
     * The current parameters as a DBN shaped like {@code like}.
     *
     * @param like the DBN this replica was made from
     * @return the DBN
     */
    public Dbn snapshot(Dbn like) {
        return net.snapshot(like);
    }

    @Override
    public void close() {
        net.close();
    }
}
