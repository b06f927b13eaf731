package org.dbn4j.training.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.Rbm;

/**
 * The arrays backpropagation trains (recognition weights, hidden biases and the head) read from
 * and written into a {@link Dbn} under the model file's names, and the one-hot targets it trains
 * towards.
 *
 * <p>Not API: shared by the local fine-tuner and distributed executors.
 */
public final class BackpropValues {

    private BackpropValues() {
    }

    /**
     * One-hot targets of labelled data.
     *
     * @param data the data
     * @param classes the number of classes
     * @return rows x classes, row-major
     */
    public static float[] oneHot(DataSet data, int classes) {
        float[] out = new float[data.rows() * classes];
        for (int i = 0; i < data.rows(); i++) {
            out[i * classes + data.label(i)] = 1f;
        }
        return out;
    }

    /**
     * The trainable parameter arrays of a DBN, by the names {@link #withValues} reads.
     *
     * @param dbn the DBN
     * @return its arrays, not copied
     */
    public static Map<String, float[]> of(Dbn dbn) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (int i = 0; i < dbn.depth(); i++) {
            v.put(Dbn.tensorName(i, Rbm.WEIGHTS), dbn.layer(i).weights());
            v.put(Dbn.tensorName(i, Rbm.HIDDEN_BIAS), dbn.layer(i).hiddenBias());
        }
        v.put(Head.tensorName(dbn.head().kind(), Head.WEIGHT), dbn.head().weight());
        v.put(Head.tensorName(dbn.head().kind(), Head.BIAS), dbn.head().bias());
        return v;
    }

    /**
     * {@code like} with its recognition weights, hidden biases and head replaced.
     *
     * @param like the shape
     * @param v the arrays by the names of {@link #of}
     * @return the DBN
     */
    public static Dbn withValues(Dbn like, Map<String, float[]> v) {
        Dbn out = like;
        for (int i = 0; i < like.depth(); i++) {
            Rbm old = like.layer(i);
            out = out.withLayer(i, new Rbm(old.spec(), StateArrays.get(v, Dbn.tensorName(i, Rbm.WEIGHTS), old.hidden() * old.visible()),
                    old.visibleBias(), StateArrays.get(v, Dbn.tensorName(i, Rbm.HIDDEN_BIAS), old.hidden()), old.visibleLogVariance()));
        }
        return out.withHead(like.head().withParameters(StateArrays.get(v, Head.tensorName(like.head().kind(), Head.WEIGHT), like.head().weight().length),
                StateArrays.get(v, Head.tensorName(like.head().kind(), Head.BIAS), like.head().outputs())));
    }
}
