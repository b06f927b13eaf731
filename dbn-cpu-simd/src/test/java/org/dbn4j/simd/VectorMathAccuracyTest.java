package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The vectorised functions against double-precision java.lang.Math, in ulps of the float result. */
class VectorMathAccuracyTest {

    private static final int N = 1 << 20;

    private static float[] sweep(double lo, double hi) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (lo + (hi - lo) * i / (N - 1));
        }
        return x;
    }

    private static double ulps(float actual, double exact) {
        float rounded = (float) exact;
        return Math.abs(actual - exact) / Math.ulp(rounded == 0f ? Float.MIN_NORMAL : rounded);
    }

    @Test
    void expIsWithinOneAndAHalfUlpsOverTheWholeFloatRange() {
        float[] x = sweep(-87.3, 88.3);
        float[] y = new float[N];
        VectorMath.exp(x, 0, 1f, 0f, y, 0, N);
        double worst = 0;
        for (int i = 0; i < N; i++) {
            worst = Math.max(worst, ulps(y[i], Math.exp(x[i])));
        }
        assertTrue(worst <= 1.5, "worst exp error " + worst + " ulps");
    }

    @Test
    void sigmoidIsWithinThreeUlpsAndSoftplusWithinFour() {
        float[] x = sweep(-80, 80);
        float[] y = new float[N];
        float[] work = new float[N];
        VectorMath.sigmoid(x, 0, y, 0, N);
        double worstSigmoid = 0;
        for (int i = 0; i < N; i++) {
            worstSigmoid = Math.max(worstSigmoid, ulps(y[i], 1.0 / (1.0 + Math.exp(-x[i]))));
        }
        VectorMath.softplus(x, 0, y, 0, N, work);
        double worstSoftplus = 0;
        for (int i = 0; i < N; i++) {
            double exact = x[i] > 0 ? x[i] + Math.log1p(Math.exp(-x[i])) : Math.log1p(Math.exp(x[i]));
            worstSoftplus = Math.max(worstSoftplus, ulps(y[i], exact));
        }
        assertTrue(worstSigmoid <= 3.0, "worst sigmoid error " + worstSigmoid + " ulps");
        assertTrue(worstSoftplus <= 4.0, "worst softplus error " + worstSoftplus + " ulps");
    }

    @Test
    void extremeInputsSaturateInsteadOfOverflowing() {
        float[] x = {-1e30f, -1000f, -88.5f, 88.5f, 1000f, 1e30f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            -1e30f, -1000f, -88.5f, 88.5f, 1000f, 1e30f, 0f, Float.NaN};
        float[] y = new float[x.length];
        VectorMath.sigmoid(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length - 1; i++) {
            assertTrue(y[i] >= 0f && y[i] <= 1f, "sigmoid(" + x[i] + ") = " + y[i]);
        }
        assertTrue(Float.isNaN(y[x.length - 1]), "sigmoid(NaN) stays NaN");
        assertEquals(1f, y[4]);
        VectorMath.softplus(x, 0, y, 0, x.length, new float[x.length]);
        for (int i = 0; i < x.length - 1; i++) {
            assertTrue(y[i] >= 0f && !Float.isNaN(y[i]), "softplus(" + x[i] + ") = " + y[i]);
        }
        assertEquals(1000f, y[4]);
    }
}
