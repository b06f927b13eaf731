package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Every operation gives bit-identical results on 1, 2 and 3 threads: work is split so that no
 * element's arithmetic depends on the split, and random numbers depend only on their position.
 */
class ThreadCountIndependenceTest {

    private static float[] run(int threads) {
        try (Backend b = new CpuSimdBackend(threads)) {
            int batch = 203;
            int visible = 331;
            int hidden = 157;
            SplittableRandom r = new SplittableRandom(5);
            float[] data = new float[batch * visible];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) r.nextDouble();
            }
            float[] weights = new float[hidden * visible];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) (0.1 * r.nextGaussian());
            }
            Matrix v = b.matrix(batch, visible, data);
            Matrix w = b.matrix(hidden, visible, weights);
            Matrix hb = b.matrix(1, hidden);
            Matrix vb = b.matrix(1, visible);
            Matrix h = b.matrix(batch, hidden);
            Matrix hs = b.matrix(batch, hidden);
            Matrix v1 = b.matrix(batch, visible);
            Matrix grad = b.matrix(hidden, visible);
            Matrix noise = b.matrix(batch, visible);
            RandomStream random = b.randomStream(42);
            b.affine(v, w, true, hb, Activation.SIGMOID, h);
            b.sampleBernoulli(random, h, hs);
            b.affine(hs, w, false, vb, Activation.SOFTPLUS, v1);
            b.gemm(true, false, 1f, h, v, 0f, grad);
            b.gemm(true, false, -1f, hs, v1, 1f, grad);
            b.sampleGaussian(random, v1, 0.5f, noise);
            b.sampleNoisyRelu(random, noise, noise);
            b.columnSums(1f, grad, 0.5f, vb);
            // A minibatch times deep weights: computed as two halves of the depth.
            int rows = 37;
            int deep = 301;
            float[] hidden2 = new float[rows * deep];
            for (int i = 0; i < hidden2.length; i++) {
                hidden2[i] = (float) r.nextDouble();
            }
            float[] weights2 = new float[deep * visible];
            for (int i = 0; i < weights2.length; i++) {
                weights2[i] = (float) (0.1 * r.nextGaussian());
            }
            Matrix h2 = b.matrix(rows, deep, hidden2);
            Matrix w2 = b.matrix(deep, visible, weights2);
            Matrix down = b.matrix(rows, visible);
            Matrix delta = b.matrix(rows, visible, java.util.Arrays.copyOf(data, rows * visible));
            b.affine(h2, w2, false, vb, Activation.SIGMOID, down);
            b.gemm(false, false, 0.5f, h2, w2, 0.25f, delta);
            float[] out = new float[hidden * visible + batch * visible + visible + 2 * rows * visible];
            System.arraycopy(grad.toArray(), 0, out, 0, hidden * visible);
            System.arraycopy(noise.toArray(), 0, out, hidden * visible, batch * visible);
            System.arraycopy(vb.toArray(), 0, out, hidden * visible + batch * visible, visible);
            System.arraycopy(down.toArray(), 0, out, hidden * visible + batch * visible + visible, rows * visible);
            System.arraycopy(delta.toArray(), 0, out, hidden * visible + batch * visible + visible + rows * visible,
                    rows * visible);
            return out;
        }
    }

    @Test
    void oneTwoAndThreeThreadsGiveIdenticalResults() {
        float[] one = run(1);
        assertArrayEquals(one, run(2));
        assertArrayEquals(one, run(3));
    }
}
