package org.dbn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised elementary functions over arrays, with float accuracy (a few ulps) over the ranges
 * the activations and samplers need, saturating instead of overflowing: no input gives NaN except
 * NaN.
 *
 * <p>Every function works on array ranges and keeps its vectors inside one method: a vector
 * that crosses a call the JIT does not inline is boxed on the heap, and C2 declines to inline
 * larger vector helpers at call sites it deems cold. Intermediate results go through a small
 * scratch array in L1 instead.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;

    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in a part with few significant bits and the rest (Cody and Waite). */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float LN2 = 0.693147180559945309f;
    /** exp(x) for x above this would overflow once scaled by 2^n with n = 128. */
    static final float EXP_HI = 88.3762626647949f;
    static final float EXP_LO = -87.3365478515625f;
    /** Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer in its low mantissa bits. */
    static final float ROUND_MAGIC = 12582912f;
    static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    /**
     * Cephes' expf polynomial on |r| <= ln2 / 2, highest degree first; the vector loop and the
     * scalar tail share them so that they compute the same bits.
     */
    static final float EXP_P0 = 1.9875691500E-4f;
    static final float EXP_P1 = 1.3981999507E-3f;
    static final float EXP_P2 = 8.3334519073E-3f;
    static final float EXP_P3 = 4.1665795894E-2f;
    static final float EXP_P4 = 1.6666665459E-1f;
    static final float EXP_P5 = 5.0000001201E-1f;

    private VectorMath() {
    }

    /**
     * {@code out[oo + i] = exp(scale * x[xo + i] + offset)} for {@code i < n}, clamped to
     * [e^-87.34, e^88.38] so that it never overflows to infinity. {@code out} may be {@code x}
     * at the same offset.
     */
    static void exp(float[] x, int xo, float scale, float offset, float[] out, int oo, int n) {
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector of = FloatVector.broadcast(S, offset);
        int i = 0;
        for (int bound = n - V; i <= bound; i += V) {
            FloatVector arg = FloatVector.fromArray(S, x, xo + i).fma(sc, of);
            FloatVector xc = arg.max(EXP_LO).min(EXP_HI);
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
            FloatVector k = t.sub(ROUND_MAGIC);
            IntVector ki = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, EXP_P0), FloatVector.broadcast(S, EXP_P1));
            p = p.fma(r, FloatVector.broadcast(S, EXP_P2));
            p = p.fma(r, FloatVector.broadcast(S, EXP_P3));
            p = p.fma(r, FloatVector.broadcast(S, EXP_P4));
            p = p.fma(r, FloatVector.broadcast(S, EXP_P5));
            p = p.fma(r.mul(r), r).add(1f);
            FloatVector scaleBits = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            // NaN arguments lose their NaN in the clamps; put it back.
            p.mul(scaleBits).blend(arg, arg.test(VectorOperators.IS_NAN)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = exp(Math.fma(x[xo + i], scale, offset));
        }
    }

    /**
     * exp(x) for the elements after the last whole vector, computed as one lane of the vector
     * loop computes it (the same clamps, polynomial and single-rounding multiply-adds), so that
     * an element's value does not depend on where a range or a thread's part of it begins.
     */
    static float exp(float arg) {
        if (Float.isNaN(arg)) {
            return arg;
        }
        float xc = Math.min(Math.max(arg, EXP_LO), EXP_HI);
        float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float k = t - ROUND_MAGIC;
        int ki = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        float r = Math.fma(k, -LN2_HI, xc);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, EXP_P0, EXP_P1);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P4);
        p = Math.fma(p, r, EXP_P5);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat((ki + 127) << 23);
    }

    /** {@code out[oo + i] = 1 / (1 + exp(-x[xo + i]))}; {@code out} may be {@code x} at the same offset. */
    static void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        exp(x, xo, -1f, 0f, out, oo, n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = n - V; i <= bound; i += V) {
            one.div(FloatVector.fromArray(S, out, oo + i).add(one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = 1f / (1f + out[oo + i]);
        }
    }

    /**
     * {@code out[oo + i] = log(1 + exp(x[xo + i]))} computed as
     * {@code max(x, 0) + log1p(exp(-|x|))}; {@code work} holds at least {@code n} floats;
     * {@code out} may be {@code x} at the same offset.
     */
    static void softplus(float[] x, int xo, float[] out, int oo, int n, float[] work) {
        int i = 0;
        for (int bound = n - V; i <= bound; i += V) {
            FloatVector.fromArray(S, x, xo + i).abs().neg().intoArray(work, i);
        }
        for (; i < n; i++) {
            work[i] = -Math.abs(x[xo + i]);
        }
        exp(work, 0, 1f, 0f, work, 0, n);
        i = 0;
        for (int bound = n - V; i <= bound; i += V) {
            // log1p(y) for y in (0, 1] as 2 atanh(t), t = y / (2 + y) <= 1/3: accurate for tiny y.
            FloatVector y = FloatVector.fromArray(S, work, i);
            FloatVector t = y.div(y.add(2f));
            FloatVector t2 = t.mul(t);
            FloatVector s = t2.fma(FloatVector.broadcast(S, 2f / 13f), FloatVector.broadcast(S, 2f / 11f));
            s = s.fma(t2, FloatVector.broadcast(S, 2f / 9f));
            s = s.fma(t2, FloatVector.broadcast(S, 2f / 7f));
            s = s.fma(t2, FloatVector.broadcast(S, 2f / 5f));
            s = s.fma(t2, FloatVector.broadcast(S, 2f / 3f));
            s = s.fma(t2, FloatVector.broadcast(S, 2f));
            s.fma(t, FloatVector.fromArray(S, x, xo + i).max(0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = log1pPlus(work[i], x[xo + i]);
        }
    }

    /**
     * {@code log1p(y) + max(x, 0)} for the elements after the last whole vector, computed as one
     * lane of softplus' vector loop computes it (see {@link #exp(float)}).
     */
    private static float log1pPlus(float y, float x) {
        float t = y / (y + 2f);
        float t2 = t * t;
        float s = Math.fma(t2, 2f / 13f, 2f / 11f);
        s = Math.fma(s, t2, 2f / 9f);
        s = Math.fma(s, t2, 2f / 7f);
        s = Math.fma(s, t2, 2f / 5f);
        s = Math.fma(s, t2, 2f / 3f);
        s = Math.fma(s, t2, 2f);
        return Math.fma(s, t, Math.max(x, 0f));
    }
}
