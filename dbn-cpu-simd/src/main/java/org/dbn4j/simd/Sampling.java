package org.dbn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Counter-based random numbers: the {@code c}-th 64-bit word of a stream with seed {@code s} is
 * SplitMix64's output {@code mix64(s + (c + 1) * GAMMA)}, the same sequence as
 * {@code new SplittableRandom(s).nextLong()}. Each word gives two uniforms on the grid
 * {@code k / 2^23}, from the top 23 bits of its low half, then of its high half. Because a number depends only on its position, any thread can produce any part of a
 * batch, and results are the same for every thread count.
 *
 * <p>Uniform {@code e} of a call is taken from word {@code e / 2}; Gaussian {@code e} comes from
 * Box-Muller on a block of {@code 2V} uniforms, so sampling {@code n} values uses
 * {@link #wordsFor(int)} words.
 */
final class Sampling {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, S.vectorShape());
    private static final int LONGS = L.length();

    /** Random numbers generated per block of work; a multiple of 2V. */
    static final int CHUNK = 2048;

    static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);
    private static final int TWO_23_BITS = Float.floatToRawIntBits(8388608f);
    private static final LongVector LANE_OFFSETS = LongVector.broadcast(L, 1).addIndex(1).mul(GAMMA)
            .sub(LongVector.broadcast(L, GAMMA));

    private Sampling() {
    }

    /** Words a call that samples {@code count} values consumes: whole blocks of 2V values. */
    static long wordsFor(int count) {
        long blocks = (count + 2L * V - 1) / (2L * V);
        return blocks * V;
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Fills {@code out[0, count)} with the uniforms {@code first .. first + count} of a call
     * whose words start at {@code word0}; {@code first} and {@code count} are multiples of 2V.
     */
    static void uniforms(long seed, long word0, int first, float[] out, int count) {
        long word = word0 + first / 2;
        for (int i = 0; i < count; i += V) {
            LongVector z = LongVector.broadcast(L, seed + (word + 1) * GAMMA).add(LANE_OFFSETS);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xbf58476d1ce4e5b9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            // The top 23 bits of each half, as the mantissa of a float in [1, 2), minus 1.
            z.reinterpretAsInts().lanewise(VectorOperators.LSHR, 9).or(ONE_BITS).reinterpretAsFloats().sub(1f)
                    .intoArray(out, i);
            word += LONGS;
        }
    }

    /**
     * Fills {@code out[0, count)} with standard normal samples {@code first .. first + count} of a
     * call whose words start at {@code word0}; {@code first} and {@code count} are multiples of
     * 2V. Each block of 2V samples is Box-Muller on the block's 2V uniforms: the first V give
     * the radii {@code sqrt(-2 ln(1 - u))} (1 - u lies in [2^-23, 1], so |z| stays below 5.65),
     * the next V the angles {@code theta = 2 pi (u - 1/2)}. The loop uses no masks: the logarithm
     * takes the mantissa in [1, 2) as it is, and sine and cosine come from the half angle in
     * [-pi/2, pi/2] by the double-angle formulas.
     */
    static void gaussians(long seed, long word0, int first, float[] out, int count) {
        for (Pass pass : PASSES) {
            pass.run(seed, word0, first, out, count);
        }
    }

    /**
     * The passes of {@link #gaussians}, each a loop of its own over the chunk. They are called
     * through one call site that sees three classes, which C2 does not inline, so each pass
     * compiles on its own. A compiled method that holds too many vector operations makes C2 stop
     * inlining at its node-count cutoff (NodeCountInliningCutoff), and the vector operations past
     * that point run as calls that box their vectors: first with Box-Muller in one loop, then
     * with the three loops inlined into one sampler (3-6 KB of garbage per call on JDK 17, in
     * some builds and not others).
     */
    private enum Pass {
        UNIFORMS {
            @Override
            void run(long seed, long word0, int first, float[] out, int count) {
                uniforms(seed, word0, first, out, count);
            }
        },
        RADII {
            @Override
            void run(long seed, long word0, int first, float[] out, int count) {
                radii(out, count);
            }
        },
        ROTATION {
            @Override
            void run(long seed, long word0, int first, float[] out, int count) {
                rotate(out, count);
            }
        };

        abstract void run(long seed, long word0, int first, float[] out, int count);
    }

    private static final Pass[] PASSES = Pass.values();

    /** Replaces the first V uniforms of each block of 2V by the radius {@code sqrt(-2 ln(1 - u))}. */
    private static void radii(float[] out, int count) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < count; i += 2 * V) {
            // ln(x) = e ln 2 + 2 atanh((m - 1) / (m + 1)) for x = m 2^e, m in [1, 2): |t| < 1/3.
            FloatVector x = one.sub(FloatVector.fromArray(S, out, i));
            IntVector bits = x.reinterpretAsInts();
            // The biased exponent k as the mantissa of 2^23 + k, read back as a float: no conversion.
            FloatVector exponent = bits.lanewise(VectorOperators.LSHR, 23).or(TWO_23_BITS).reinterpretAsFloats()
                    .sub(8388608f + 127f);
            FloatVector m = bits.and(0x007FFFFF).or(ONE_BITS).reinterpretAsFloats();
            FloatVector t = m.sub(1f).div(m.add(1f));
            FloatVector t2 = t.mul(t);
            FloatVector series = t2.fma(FloatVector.broadcast(S, 2f / 15f), FloatVector.broadcast(S, 2f / 13f));
            series = series.fma(t2, FloatVector.broadcast(S, 2f / 11f));
            series = series.fma(t2, FloatVector.broadcast(S, 2f / 9f));
            series = series.fma(t2, FloatVector.broadcast(S, 2f / 7f));
            series = series.fma(t2, FloatVector.broadcast(S, 2f / 5f));
            series = series.fma(t2, FloatVector.broadcast(S, 2f / 3f));
            series = series.fma(t2, FloatVector.broadcast(S, 2f));
            FloatVector ln = exponent.fma(FloatVector.broadcast(S, VectorMath.LN2), series.mul(t));
            ln.mul(-2f).max(0f).sqrt().intoArray(out, i);
        }
    }

    /**
     * Turns each block's radius r (first V) and uniform u (next V) into {@code r cos theta} and
     * {@code r sin theta}, with {@code theta = 2 pi (u - 1/2)}.
     */
    private static void rotate(float[] out, int count) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < count; i += 2 * V) {
            FloatVector radius = FloatVector.fromArray(S, out, i);
            // Half angle phi = pi (u - 1/2) in [-pi/2, pi/2); Taylor series to phi^11 and phi^12.
            FloatVector phi = FloatVector.fromArray(S, out, i + V).sub(0.5f).mul((float) Math.PI);
            FloatVector phi2 = phi.mul(phi);
            FloatVector sin = phi2.fma(FloatVector.broadcast(S, -1f / 39916800f), FloatVector.broadcast(S, 1f / 362880f));
            sin = sin.fma(phi2, FloatVector.broadcast(S, -1f / 5040f));
            sin = sin.fma(phi2, FloatVector.broadcast(S, 1f / 120f));
            sin = sin.fma(phi2, FloatVector.broadcast(S, -1f / 6f));
            sin = sin.fma(phi2, one).mul(phi);
            FloatVector cos = phi2.fma(FloatVector.broadcast(S, 1f / 479001600f), FloatVector.broadcast(S, -1f / 3628800f));
            cos = cos.fma(phi2, FloatVector.broadcast(S, 1f / 40320f));
            cos = cos.fma(phi2, FloatVector.broadcast(S, -1f / 720f));
            cos = cos.fma(phi2, FloatVector.broadcast(S, 1f / 24f));
            cos = cos.fma(phi2, FloatVector.broadcast(S, -0.5f));
            cos = cos.fma(phi2, one);
            // cos 2phi = (c - s)(c + s), sin 2phi = 2 s c
            radius.mul(cos.sub(sin).mul(cos.add(sin))).intoArray(out, i);
            radius.mul(sin.mul(cos).mul(2f)).intoArray(out, i + V);
        }
    }
}
