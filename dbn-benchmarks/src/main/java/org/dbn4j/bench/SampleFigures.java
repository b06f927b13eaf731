package org.dbn4j.bench;

import java.util.Locale;
import org.dbn4j.data.Augmentation;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Schedule;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.UpDownFineTuner;
import org.dbn4j.training.eval.SampleQuality;

/**
 * How recognisable a DBN's samples are, by the way they are drawn: a 784-500-500-2000 DBN
 * pretrained on the embedded subset's training digits, judged by that DBN fine-tuned as a
 * classifier ({@link SampleQuality}); unconditional samples from a random start and from chains
 * started at 100 training digits (10 of each class), for several chain lengths; with {@code updown}, also
 * class-conditional samples of the up-down fine-tuned DBN with labels (as
 * {@code DigitGeneration}), also with the label's input to the top RBM doubled and tripled.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.SampleFigures [updown]
 * </pre>
 */
public final class SampleFigures {

    private SampleFigures() {
    }

    /**
     * Trains, samples and prints one line per way of sampling.
     *
     * @param args {@code updown} to add the class-conditional samples
     */
    public static void main(String[] args) {
        DataSet train = Mnist10k.train();
        DataSet starts = train.subset(train.balancedRows(100, 7));
        try (Backend backend = BenchBackends.create("cpu-simd", 2)) {
            GreedyPretrainer.Builder pre = GreedyPretrainer.builder().seed(0);
            for (int h : new int[] {500, 500, 2000}) {
                pre.layer(PretrainingLayer.of(h).withUpdateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.1))
                        .momentum(Schedule.step(0.5, 5, 0.9)).l2(0.0002).build()));
            }
            Dbn pretrained = pre.build().pretrain(backend, train);
            Dbn judge = BackpropFineTuner.builder().optimizer(Adam.of(1e-3)).epochs(20).seed(0)
                    .augmentation(Augmentation.randomShifts(28, 28, 1)).build().fineTune(backend, pretrained, train, null);
            try (BoundDbn classifier = judge.bind(backend); BoundDbn generator = pretrained.bind(backend)) {
                System.out.printf(Locale.ROOT, "judge: test accuracy %.2f%%%n", 100 * classifier.accuracy(Mnist10k.test()));
                System.out.println("real test digits: " + SampleQuality.of(classifier, Mnist10k.test().head(100)));
                for (int steps : new int[] {1000}) {
                    report("pretrained, random start, " + steps + " steps", classifier, generator.generate(100, steps, -1, 1));
                }
                for (int steps : new int[] {10, 20, 50, 100, 1000}) {
                    report("pretrained, from data, " + steps + " steps", classifier,
                            generator.generateFrom(starts, steps, -1, 1));
                }
            }
            if (args.length > 0 && args[0].equals("updown")) {
                GreedyPretrainer.Builder gp = GreedyPretrainer.builder().seed(0);
                int[] hidden = {500, 500, 2000};
                for (int i = 0; i < hidden.length; i++) {
                    gp.layer(PretrainingLayer.of(hidden[i]).withEpochs(i == 2 ? 1 : 20)
                            .withUpdateRule(SgdUpdate.builder().l2(0.0002).build()));
                }
                Dbn generative = UpDownFineTuner.builder().persistentLabelChains(true).labelEpochs(30).epochs(10).seed(0)
                        .build().fineTune(backend, gp.build().pretrain(backend, train), train, null);
                try (BoundDbn classifier = judge.bind(backend); BoundDbn g = generative.bind(backend)) {
                    for (int steps : new int[] {200, 1000}) {
                        report("up-down, label clamped, random start, " + steps, classifier, conditional(g, steps, null, false));
                        report("up-down, label clamped, from other classes, " + steps, classifier,
                                conditional(g, steps, starts, false));
                        report("up-down, label clamped, from the asked class, " + steps, classifier,
                                conditional(g, steps, starts, true));
                    }
                    for (double strength : new double[] {2, 3}) {
                        DataSet[] parts = new DataSet[10];
                        for (int c = 0; c < 10; c++) {
                            parts[c] = g.generate(10, 1000, c, strength, c);
                        }
                        report("up-down, label strength " + strength + ", random start, 1000", classifier,
                                DataSet.concat(parts));
                    }
                    report("up-down, unconditional, from data, 1000", classifier, g.generateFrom(starts, 1000, -1, 1));
                }
            }
        }
    }

    private static DataSet conditional(BoundDbn g, int steps, DataSet starts, boolean sameClass) {
        DataSet[] parts = new DataSet[10];
        for (int c = 0; c < 10; c++) {
            // starts holds 10 digits of each class, class by class: class c's chains start either at
            // the 10 digits of class c or at one digit of each class
            int digit = c;
            int[] rows = sameClass ? java.util.stream.IntStream.range(c * 10, c * 10 + 10).toArray()
                    : java.util.stream.IntStream.range(0, 10).map(i -> i * 10 + digit).toArray();
            parts[c] = starts == null ? g.generate(10, steps, c, c) : g.generateFrom(starts.subset(rows), steps, c, c);
        }
        return DataSet.concat(parts);
    }

    private static void report(String what, BoundDbn judge, DataSet samples) {
        System.out.printf(Locale.ROOT, "RESULT %-45s %s%n", what, SampleQuality.of(judge, samples));
    }
}
