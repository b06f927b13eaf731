package org.dbn4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dbn4j.tensor.Backend;

/**
 * A Deep Belief Network as an immutable value: a stack of RBMs, each one's visible layer the
 * previous one's hidden layer, with an optional task {@link Head} and optional
 * {@link LabelUnits} joined to the top RBM.
 *
 * <p>The recognition (upward) pass uses each RBM's {@code W} and {@code h_bias}; the generative
 * (downward) pass uses its {@code v_bias} and, below the top, either the same {@code W} (tied,
 * as after pretraining) or separate generative weights (untied by up-down fine-tuning). The
 * provenance map records how the model was made and is saved with it. To compute with the model,
 * {@link #bind(Backend) bind} it to a backend.
 */
public final class Dbn {

    /**
     * The model file's name of one of a layer's tensors, the one naming scheme that checkpoints,
     * replicas and distributed training use too.
     *
     * @param layer the layer, from 0 at the input
     * @param tensor the tensor's name within the layer, for example {@link Rbm#WEIGHTS}
     * @return for example {@code rbms.0.W}
     */
    public static String tensorName(int layer, String tensor) {
        return "rbms." + layer + "." + tensor;
    }

    private final List<Rbm> layers;
    private final List<float[]> generativeWeights;
    private final LabelUnits labels;
    private final Head head;
    private final Map<String, String> provenance;
    private final Standardization inputScaling;
    private final Standardization outputScaling;

    private Dbn(List<Rbm> layers, List<float[]> generativeWeights, LabelUnits labels, Head head,
                Map<String, String> provenance, Standardization inputScaling, Standardization outputScaling) {
        this.layers = List.copyOf(layers);
        this.generativeWeights = Collections.unmodifiableList(new ArrayList<>(generativeWeights));
        this.labels = labels;
        this.head = head;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        this.inputScaling = inputScaling;
        this.outputScaling = outputScaling;
    }

    /**
     * A DBN of the given RBMs, tied, without head or labels.
     *
     * @param layers the RBMs, bottom first; each visible size equals the previous hidden size
     * @return the DBN
     * @throws IllegalArgumentException if the list is empty or the sizes do not chain
     */
    public static Dbn of(List<Rbm> layers) {
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a DBN needs at least one RBM");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).visible() != layers.get(i - 1).hidden()) {
                throw new IllegalArgumentException("RBM " + i + " has " + layers.get(i).visible()
                        + " visible units but RBM " + (i - 1) + " has " + layers.get(i - 1).hidden()
                        + " hidden units");
            }
        }
        List<float[]> gen = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            gen.add(null);
        }
        return new Dbn(layers, gen, null, null, Map.of(), null, null);
    }

    /**
     * A DBN of the given RBMs.
     *
     * @param layers the RBMs, bottom first
     * @return the DBN
     */
    public static Dbn of(Rbm... layers) {
        return of(List.of(layers));
    }

    /**
     * This DBN with a task head on top.
     *
     * @param newHead the head, whose inputs equal the top RBM's hidden units; null removes it
     * @return the new DBN, without an {@link #outputScaling()} that does not fit the new head
     */
    public Dbn withHead(Head newHead) {
        if (newHead != null && newHead.inputs() != top().hidden()) {
            throw new IllegalArgumentException("the head takes " + newHead.inputs() + " inputs but the top RBM has "
                    + top().hidden() + " hidden units");
        }
        boolean scalingFits = outputScaling != null && newHead != null && newHead.kind() == Head.Kind.LINEAR
                && newHead.outputs() == outputScaling.columns();
        return new Dbn(layers, generativeWeights, labels, newHead, provenance, inputScaling,
                scalingFits ? outputScaling : null);
    }

    /**
     * This DBN with label units joined to the top RBM.
     *
     * @param newLabels the label units, sized for the top RBM's hidden layer; null removes them
     * @return the new DBN
     */
    public Dbn withLabels(LabelUnits newLabels) {
        if (newLabels != null && newLabels.hidden() != top().hidden()) {
            throw new IllegalArgumentException("the label units connect to " + newLabels.hidden()
                    + " hidden units but the top RBM has " + top().hidden());
        }
        return new Dbn(layers, generativeWeights, newLabels, head, provenance, inputScaling, outputScaling);
    }

    /**
     * This DBN with one RBM replaced (sizes must stay the same).
     *
     * @param layer the index, from 0 at the bottom
     * @param rbm the new RBM
     * @return the new DBN
     */
    public Dbn withLayer(int layer, Rbm rbm) {
        Objects.checkIndex(layer, layers.size());
        RbmSpec old = layers.get(layer).spec();
        if (rbm.visible() != old.visible() || rbm.hidden() != old.hidden()) {
            throw new IllegalArgumentException("RBM " + layer + " is " + old.visible() + " x " + old.hidden()
                    + "; the replacement is " + rbm.visible() + " x " + rbm.hidden());
        }
        List<Rbm> copy = new ArrayList<>(layers);
        copy.set(layer, rbm);
        return new Dbn(copy, generativeWeights, labels, head, provenance, inputScaling, outputScaling);
    }

    /**
     * This DBN with separate generative weights for one RBM below the top.
     *
     * @param layer the index of an RBM below the top
     * @param weights hidden x visible, like the RBM's {@code W}; null ties them again
     * @return the new DBN
     */
    public Dbn withGenerativeWeights(int layer, float[] weights) {
        if (layer < 0 || layer >= layers.size() - 1) {
            throw new IllegalArgumentException("only RBMs below the top have separate generative weights; layer "
                    + layer + " of " + layers.size());
        }
        List<float[]> copy = new ArrayList<>(generativeWeights);
        Rbm rbm = layers.get(layer);
        copy.set(layer, weights == null ? null
                : Parameters.checked("generative weights " + layer, weights, (long) rbm.hidden() * rbm.visible()));
        return new Dbn(layers, copy, labels, head, provenance, inputScaling, outputScaling);
    }

    /**
     * This DBN with a provenance record (configuration, seed, backend, library version...).
     *
     * @param newProvenance name to value
     * @return the new DBN
     */
    public Dbn withProvenance(Map<String, String> newProvenance) {
        return new Dbn(layers, generativeWeights, labels, head, Objects.requireNonNull(newProvenance, "provenance"),
                inputScaling, outputScaling);
    }

    /**
     * This DBN with a standardisation of its inputs, applied by every {@link BoundDbn} method that
     * takes a {@link org.dbn4j.data.DataSet} before the data reach the bottom RBM.
     *
     * @param scaling as many columns as the DBN has inputs; null for raw inputs
     * @return the new DBN
     */
    public Dbn withInputScaling(Standardization scaling) {
        if (scaling != null && scaling.columns() != inputs()) {
            throw new IllegalArgumentException("the input standardisation has " + scaling.columns()
                    + " columns but the DBN has " + inputs() + " inputs");
        }
        return new Dbn(layers, generativeWeights, labels, head, provenance, scaling, outputScaling);
    }

    /**
     * This DBN with the standardisation its linear head's targets were trained in, which
     * {@link BoundDbn#predict(org.dbn4j.data.DataSet)} undoes.
     *
     * @param scaling as many columns as the linear head has outputs; null for raw outputs
     * @return the new DBN
     */
    public Dbn withOutputScaling(Standardization scaling) {
        if (scaling != null && (head == null || head.kind() != Head.Kind.LINEAR || scaling.columns() != head.outputs())) {
            throw new IllegalArgumentException("an output standardisation needs a linear head with "
                    + scaling.columns() + " outputs; this DBN has " + (head == null ? "no head" : head));
        }
        return new Dbn(layers, generativeWeights, labels, head, provenance, inputScaling, scaling);
    }

    /**
     * The standardisation of the inputs, if the model was trained on standardised data.
     *
     * @return the standardisation, or null
     */
    public Standardization inputScaling() {
        return inputScaling;
    }

    /**
     * The standardisation of a linear head's targets, if it was trained on standardised targets.
     *
     * @return the standardisation, or null
     */
    public Standardization outputScaling() {
        return outputScaling;
    }

    /**
     * The RBMs, bottom first.
     *
     * @return an unmodifiable list
     */
    public List<Rbm> layers() {
        return layers;
    }

    /**
     * One RBM.
     *
     * @param index from 0 at the bottom
     * @return the RBM
     */
    public Rbm layer(int index) {
        return layers.get(index);
    }

    /**
     * The number of RBMs.
     *
     * @return the depth
     */
    public int depth() {
        return layers.size();
    }

    /**
     * The top RBM.
     *
     * @return the RBM
     */
    public Rbm top() {
        return layers.get(layers.size() - 1);
    }

    /**
     * The layer sizes, input first: {@code [784, 500, 500, 2000]}.
     *
     * @return a new array
     */
    public int[] sizes() {
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = layers.get(0).visible();
        for (int i = 0; i < layers.size(); i++) {
            sizes[i + 1] = layers.get(i).hidden();
        }
        return sizes;
    }

    /**
     * The number of input features.
     *
     * @return the bottom RBM's visible units
     */
    public int inputs() {
        return layers.get(0).visible();
    }

    /**
     * The task head.
     *
     * @return the head, or null
     */
    public Head head() {
        return head;
    }

    /**
     * The label units of the top RBM.
     *
     * @return the label units, or null
     */
    public LabelUnits labels() {
        return labels;
    }

    /**
     * Whether an RBM's generative weights are its recognition weights.
     *
     * @param layer the index
     * @return true unless separate generative weights were set
     */
    public boolean tied(int layer) {
        return generativeWeights.get(layer) == null;
    }

    /**
     * A copy of an RBM's separate generative weights.
     *
     * @param layer the index
     * @return hidden x visible, or null when tied
     */
    public float[] generativeWeights(int layer) {
        float[] w = generativeWeights.get(layer);
        return w == null ? null : w.clone();
    }

    /**
     * How the model was made.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * Copies the parameters to a backend for inference.
     *
     * @param backend the backend
     * @return the bound model, which the caller closes
     */
    public BoundDbn bind(Backend backend) {
        return new BoundDbn(backend, this);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Dbn").append(java.util.Arrays.toString(sizes()));
        if (labels != null) {
            s.append(" + ").append(labels);
        }
        if (head != null) {
            s.append(" + ").append(head);
        }
        return s.toString();
    }
}
