package org.dbn4j.training.internal;

import java.util.Map;
import org.dbn4j.tensor.Matrix;

/** Checked lookups in a saved training state. */
public final class StateArrays {

    private StateArrays() {
    }

    /**
     * The array named {@code name}, which must fill {@code like}.
     *
     * @param state the saved arrays
     * @param name the array's name
     * @param like the matrix it will fill
     * @return the array
     * @throws IllegalArgumentException if it is missing or has the wrong length
     */
    public static float[] get(Map<String, float[]> state, String name, Matrix like) {
        return get(state, name, like.rows() * like.cols());
    }

    /**
     * The array named {@code name}, which must have {@code length} values.
     *
     * @param state the saved arrays
     * @param name the array's name
     * @param length its expected length
     * @return the array
     * @throws IllegalArgumentException if it is missing or has the wrong length
     */
    public static float[] get(Map<String, float[]> state, String name, int length) {
        float[] values = state.get(name);
        if (values == null) {
            throw new IllegalArgumentException("the saved training state lacks '" + name + "' (it has "
                    + state.keySet() + ")");
        }
        if (values.length != length) {
            throw new IllegalArgumentException("the saved '" + name + "' has " + values.length + " values, expected "
                    + length);
        }
        return values;
    }
}
