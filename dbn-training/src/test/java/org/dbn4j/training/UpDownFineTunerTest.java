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
    @Test
    void persistentLabelChainsTrainATopRbmWhoseLabelSteersGeneration() {
        DataSet train = DbnFixtures.TRAIN;
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().seed(3).layer(PretrainingLayer.of(200))
                    .layer(PretrainingLayer.of(200).withEpochs(1)).build().pretrain(b, train);
            UpDownFineTuner.Builder settings = UpDownFineTuner.builder().labelEpochs(15).epochs(3).seed(3);
            Dbn persistent = settings.persistentLabelChains(true).build().fineTune(b, pretrained, train, null);
            Dbn meanField = settings.persistentLabelChains(false).build().fineTune(b, pretrained, train, null);
            assertFalse(java.util.Arrays.equals(persistent.labels().weights(), meanField.labels().weights()),
                    "the option changes the label phase");
            assertTrue(persistent.provenance().get("fine-tuning").contains("(PCD)"));
            Dbn judge = BackpropFineTuner.builder().epochs(10).build().fineTune(b, pretrained, train, null);
            try (BoundDbn model = persistent.bind(b); BoundDbn classifier = judge.bind(b)) {
                assertTrue(model.accuracy(DbnFixtures.VALIDATION) > 0.5);
                int recognised = 0;
                for (int digit = 0; digit < 10; digit++) {
                    for (int seen : classifier.classify(model.generate(10, 200, digit, 11 + digit))) {
                        recognised += seen == digit ? 1 : 0;
                    }
                }
                assertTrue(recognised > 30, "generated digits recognised as the asked class: " + recognised + " of 100");
            }
        }
    }
}
