package org.dbn4j.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.RbmInitializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SampleQualityTest {

    private static Backend backend;
    private static BoundDbn judge;

    @BeforeAll
    static void trainAJudge() {
        backend = new CpuSimdBackend(2);
        Dbn start = RbmInitializer.uniformStack(new int[] {784, 64}, 1);
        judge = BackpropFineTuner.builder().optimizer(Adam.of(0.01)).epochs(8).seed(1).build()
                .fineTune(backend, start, Mnist10k.train().head(2000), null).bind(backend);
    }

    @AfterAll
    static void close() {
        judge.close();
        backend.close();
    }

    @Test
    void realDigitsAreConfidentAndCoverEveryClass() {
        DataSet real = Mnist10k.test().head(500);
        SampleQuality q = SampleQuality.of(judge, real);
        assertTrue(q.confidentShare() > 0.6, q.toString());
        assertTrue(q.smallestClassShare() > 0.05, q.toString());
        assertTrue(q.classEntropyBits() > 3.2 && q.classEntropyBits() <= Math.log(10) / Math.log(2) + 1e-9, q.toString());
        assertEquals(judge.accuracy(real), q.askedClassShare(), 1e-12, "labelled samples: read as their label");
        assertEquals(500, q.samples());
    }

    @Test
    void copiesOfOneDigitHaveNoCoverageAndUnlabelledSamplesNoAskedShare() {
        DataSet one = Mnist10k.test().head(1);
        float[] copies = new float[50 * 784];
        for (int i = 0; i < 50; i++) {
            System.arraycopy(one.features(), 0, copies, i * 784, 784);
        }
        SampleQuality q = SampleQuality.of(judge, DataSet.unlabelled(copies, 50, 784));
        assertEquals(0, q.classEntropyBits(), 1e-12);
        assertEquals(0, q.smallestClassShare());
        assertEquals(1, q.classShares()[judge.classify(one)[0]], 1e-12);
        assertTrue(Double.isNaN(q.askedClassShare()));
        assertTrue(q.toString().contains("50 samples"), q.toString());
    }

    @Test
    void blankAndNoiseImagesAreNotConfidentDigits() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] noise = new float[200 * 784];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextFloat();
        }
        SampleQuality real = SampleQuality.of(judge, Mnist10k.test().head(200));
        SampleQuality q = SampleQuality.of(judge, DataSet.unlabelled(noise, 200, 784), 0.99);
        assertTrue(q.confidentShare() < SampleQuality.of(judge, Mnist10k.test().head(200), 0.99).confidentShare(),
                q + " against " + real);
    }

    @Test
    void aJudgeWithoutASoftmaxHeadOrSamplesOfAnotherSizeAreRefused() {
        Dbn noHead = RbmInitializer.uniformStack(new int[] {784, 8}, 1);
        try (BoundDbn b = noHead.bind(backend)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SampleQuality.of(b, Mnist10k.test().head(5)));
            assertTrue(e.getMessage().contains("softmax head"), e.getMessage());
        }
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> SampleQuality.of(judge, DataSet.unlabelled(new float[10], 1, 10)));
        assertTrue(size.getMessage().contains("784"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampleQuality.of(judge, Mnist10k.test().head(5), 0));
    }
}
