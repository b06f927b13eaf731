package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vectorised generator reproduces SplittableRandom's sequence, the documented definition. */
class SamplingTest {

    @Test
    void uniformsAreTheTop23BitsOfEachHalfOfSplittableRandomsWords() {
        long seed = 0x1234_5678_9ABCL;
        int count = 4 * Gemm.V * 5;
        float[] out = new float[count];
        Sampling.uniforms(seed, 0, 0, out, count);
        SplittableRandom reference = new SplittableRandom(seed);
        for (int e = 0; e < count; e += 2) {
            long word = reference.nextLong();
            assertEquals(((int) word >>> 9) * 0x1.0p-23f, out[e], "uniform " + e);
            assertEquals(((int) (word >>> 32) >>> 9) * 0x1.0p-23f, out[e + 1], "uniform " + (e + 1));
        }
    }

    @Test
    void aCallStartingLaterInTheStreamContinuesTheSameSequence() {
        long seed = 99;
        int block = 2 * Gemm.V;
        float[] whole = new float[4 * block];
        Sampling.uniforms(seed, 0, 0, whole, whole.length);
        float[] tail = new float[2 * block];
        Sampling.uniforms(seed, 0, 2 * block, tail, tail.length);
        for (int i = 0; i < tail.length; i++) {
            assertEquals(whole[2 * block + i], tail[i], "uniform " + (2 * block + i));
        }
        float[] shifted = new float[block];
        Sampling.uniforms(seed, block / 2, 0, shifted, block);
        for (int i = 0; i < block; i++) {
            assertEquals(whole[block + i], shifted[i], "word offset moves the stream");
        }
    }
}
