package org.dbn4j.model;

import java.util.Objects;

/** Checks shared by the model values. */
final class Parameters {

    private Parameters() {
    }

    /** A copy of {@code values} after checking its length and that every value is finite. */
    static float[] checked(String name, float[] values, long expected) {
        Objects.requireNonNull(values, name);
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " has " + values.length + " values, expected " + expected);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i]);
            }
        }
        return values.clone();
    }
}
