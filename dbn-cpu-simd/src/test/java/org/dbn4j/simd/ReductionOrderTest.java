package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sums and dot products add in one fixed order, so that equal inputs give bit-equal results
 * however far the JIT has compiled the caller. The expected values follow that order in scalar
 * code: per-lane float accumulators over blocks of 1,024 elements, lanes folded upper half onto
 * lower half, each block's total added to a double.
 */
class ReductionOrderTest {

    private static final int V = Gemm.V;
    private static final int BLOCK = 16 * 64;

    @Test
    void sumsAreTheSameColdAndCompiled() {
        float[] x = values(2_500, 1);
        double expected = scalarSum(x, null);
        // Enough calls for C2 to compile Kernels.sum; JDK 25's reduceLanes changed its order then.
        for (int call = 0; call < 50_000; call++) {
            double actual = Kernels.sum(x, 0, x.length);
            if (actual != expected) {
                assertEquals(expected, actual, "call " + call);
            }
        }
    }

    @Test
    void dotProductsAreTheSameColdAndCompiled() {
        float[] a = values(2_500, 2);
        float[] b = values(2_500, 3);
        double expected = scalarSum(a, b);
        for (int call = 0; call < 50_000; call++) {
            double actual = Kernels.dot(a, b, 0, a.length);
            if (actual != expected) {
                assertEquals(expected, actual, "call " + call);
            }
        }
    }

    /** The fixed order in scalar code: of {@code a}, or of {@code a[i] * b[i]} fused per lane. */
    private static double scalarSum(float[] a, float[] b) {
        double total = 0;
        int i = 0;
        while (a.length - i >= V) {
            int blockEnd = Math.min(a.length, i + BLOCK);
            float[] lanes = new float[V];
            for (; i <= blockEnd - V; i += V) {
                for (int l = 0; l < V; l++) {
                    lanes[l] = b == null ? lanes[l] + a[i + l] : Math.fma(a[i + l], b[i + l], lanes[l]);
                }
            }
            for (int half = V / 2; half >= 1; half /= 2) {
                float[] folded = lanes.clone();
                for (int l = 0; l < V; l++) {
                    folded[l] = lanes[l] + lanes[(l + half) % V];
                }
                lanes = folded;
            }
            total += lanes[0];
        }
        for (; i < a.length; i++) {
            total += b == null ? a[i] : (double) a[i] * b[i];
        }
        return total;
    }

    private static float[] values(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 1000);
        }
        return x;
    }
}
