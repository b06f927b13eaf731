package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.Test;

class UpDownFineTunerTest {

    @Test
    void upDownWithLabelsClassifiesAndGeneratesTheAskedClass() {
        DataSet train = DbnFixtures.TRAIN;
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().layers(200, 200).seed(3).build().pretrain(b, train);
            Dbn generative = UpDownFineTuner.builder().labelEpochs(15).epochs(5).seed(3).build()
                    .fineTune(b, pretrained, train, null);
            assertNotNull(generative.labels());
            assertNull(generative.head());
            assertFalse(generative.tied(0), "up-down unties the lower layer");

            // An independent judge: the same pretrained stack fine-tuned by backprop.
            Dbn judge = BackpropFineTuner.builder().epochs(10).build().fineTune(b, pretrained, train, null);
            try (BoundDbn model = generative.bind(b); BoundDbn classifier = judge.bind(b)) {
                double byLabels = model.accuracy(DbnFixtures.VALIDATION);
                assertTrue(byLabels > 0.6, "classification by the label units' free energy: " + byLabels);
                int recognised = 0;
                int total = 0;
                for (int digit = 0; digit < 10; digit++) {
                    DataSet samples = model.generate(10, 200, digit, 11 + digit);
                    assertEquals(digit, samples.label(0));
                    int[] seen = classifier.classify(samples);
                    for (int s : seen) {
                        recognised += s == digit ? 1 : 0;
                        total++;
                    }
                }
                double share = (double) recognised / total;
                // chance is 0.1
                assertTrue(share > 0.3, "generated digits recognised as the asked class: " + share);
            }
        }
    }
}
