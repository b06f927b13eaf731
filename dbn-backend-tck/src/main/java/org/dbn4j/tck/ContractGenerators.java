package org.dbn4j.tck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dbn4j.tensor.Activation;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Generators and data for the contract's properties. */
final class ContractGenerators {

    /** Sizes around the vector widths (4, 8, 16 floats) and register tiles, where kernels break. */
    private static final List<Integer> EDGE_DIMS = List.of(1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32,
            33, 47, 48, 49, 63, 64, 65);

    private ContractGenerators() {
    }

    /** Dimensions from 1 to max, edge sizes often, optionally with a rare 0 (an empty batch). */
    static Gen<Integer> dims(int max, boolean allowZero) {
        List<Integer> edges = new ArrayList<>();
        for (int d : EDGE_DIMS) {
            if (d <= max) {
                edges.add(d);
            }
        }
        Gen<Integer> nonZero = weighted(2, Generate.pick(edges), 3, Generate.range(1, max));
        return allowZero ? weighted(1, Generate.constant(0), 12, nonZero) : nonZero;
    }

    /** Dimensions of a large range, for blocked kernels whose blocks a small case never fills. */
    static Gen<Integer> largeDims(int min, int max) {
        return Generate.range(min, max);
    }

    static Gen<Long> seeds() {
        return SourceDSL.longs().all();
    }

    static Gen<Float> alphas() {
        return Generate.pick(List.of(1f, -1f, 0.5f, 2.25f, -0.375f, 0f));
    }

    static Gen<Float> betas() {
        return Generate.pick(List.of(0f, 0f, 1f, -0.5f, 0.75f));
    }

    static Gen<Activation> activations() {
        return Generate.enumValues(Activation.class);
    }

    static Gen<Activation> elementwiseActivations() {
        return Generate.pick(List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.RELU, Activation.SOFTPLUS));
    }

    private static <T> Gen<T> weighted(int w1, Gen<T> g1, int w2, Gen<T> g2) {
        return Generate.frequency(List.of(Pair.of(w1, g1), Pair.of(w2, g2)));
    }

    // ------------------------------------------------------------------ data

    /** Uniform values in [lo, hi). */
    static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return out;
    }

    /**
     * Mostly uniform values in [-scale, scale], with extreme inputs mixed in: large magnitudes
     * where exp overflows or underflows, exact zeros and tiny numbers.
     */
    static float[] withExtremes(long seed, int n, double scale) {
        float[] special = {0f, -0f, 1e-8f, -1e-8f, 20f, -20f, 88.8f, -88.8f, 104f, -104f, 1e4f, -1e4f, 3e38f, -3e38f};
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = uniform(seed ^ 0x5DEECE66DL, n, -scale, scale);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(6) == 0) {
                out[i] = special[r.nextInt(special.length)];
            }
        }
        return out;
    }

    /** Small integers, so rows have ties. */
    static float[] smallIntegers(long seed, int n, int bound) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(bound);
        }
        return out;
    }

    static float[] nans(int n) {
        float[] out = new float[n];
        Arrays.fill(out, Float.NaN);
        return out;
    }
}
