package org.dbn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.Standardization;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.eval.Evaluation;

/**
 * {@code dbn4j train --task regression}: greedy pretraining on the inputs, then a linear head
 * fine-tuned by backprop on standardised targets. The saved model keeps both standardisations,
 * so it predicts in the targets' own units from raw inputs.
 */
final class RegressionTraining {

    private final GreedyPretrainer pretrainer;
    private final BackpropFineTuner.Builder fineTuning;
    private final boolean standardizeInputs;
    private final Path out;

    RegressionTraining(GreedyPretrainer pretrainer, BackpropFineTuner.Builder fineTuning, boolean standardizeInputs,
                       Path out) {
        this.pretrainer = pretrainer;
        this.fineTuning = fineTuning;
        this.standardizeInputs = standardizeInputs;
        this.out = out;
    }

    int run(Backend backend, DataOptions.RegressionParts parts, PrintWriter stdout) throws IOException {
        DataSet train = parts.train();
        stdout.printf(Locale.ROOT, "dbn4j: regression of %s on %d features; %d training and %s test examples;"
                        + " backend %s%n", parts.targetName(), train.cols(), train.rows(),
                parts.test() == null ? "no" : Integer.toString(parts.test().rows()), backend);
        Standardization inputs = standardizeInputs ? Standardization.fit(train) : null;
        Standardization targets = Standardization.fit(parts.trainTargets(), train.rows(), 1);
        DataSet x = inputs == null ? train : inputs.apply(train);
        long t0 = System.nanoTime();
        Dbn pretrained = pretrainer.pretrain(backend, x);
        Dbn dbn = fineTuning.head(Head.Kind.LINEAR).build().fineTuneRegression(backend, pretrained, x,
                targets.apply(parts.trainTargets()), 1, null, null);
        dbn = dbn.withInputScaling(inputs).withOutputScaling(targets);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path model = out.resolve("model.safetensors");
        ModelFile.save(dbn, model);
        stdout.printf(Locale.ROOT, "dbn4j: trained %s in %.1f s; wrote %s%n", dbn, seconds, model);
        try (BoundDbn bound = dbn.bind(backend)) {
            report(stdout, "training", Evaluation.regression(bound.predict(train), parts.trainTargets()));
            if (parts.test() != null) {
                report(stdout, "test", Evaluation.regression(bound.predict(parts.test()), parts.testTargets()));
            }
        }
        return 0;
    }

    static void report(PrintWriter stdout, String part, Evaluation.RegressionScore score) {
        stdout.printf(Locale.ROOT, "dbn4j: %s RMSE %.4g, R^2 %.4f (%d examples)%n", part, score.rmse(), score.rSquared(),
                score.examples());
    }
}
