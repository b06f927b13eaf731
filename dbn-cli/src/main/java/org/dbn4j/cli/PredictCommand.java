package org.dbn4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.eval.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbn4j predict}: a model's predictions for every example of a data set, written to a
 * CSV file: the predicted value of a regressor, or the class (and its probability, with a
 * softmax head) of a classifier. With the true values at hand it prints the RMSE and R^2 or the
 * accuracy too.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model's predictions for every example of --data to a CSV file.",
            "A regressor writes index,prediction (and target, with --target); a classifier writes"
                + " index,class[,probability] (and label, with --label-column)."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ModelOption model;

    @Mixin
    private DataOptions data;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--output", defaultValue = "predictions.csv",
            description = "The CSV file to write, replaced whole or not at all. Default: ${DEFAULT-VALUE}.")
    private Path output;

    @Mixin
    private VerboseOption verbose;

    /** Creates the command (picocli instantiates it). */
    public PredictCommand() {
    }

    @Override
    public Integer call() throws IOException {
        Dbn dbn = model.load();
        boolean regressor = dbn.head() != null && dbn.head().kind() == Head.Kind.LINEAR;
        StringBuilder csv = new StringBuilder();
        String summary;
        if (regressor) {
            DataSet x;
            float[] targets = null;
            if (data.hasTarget()) {
                DataOptions.RegressionParts parts = data.loadRegression();
                x = parts.train();
                targets = parts.trainTargets();
            } else {
                x = data.load().train();
            }
            ModelOption.requireFits(dbn, x, "--data");
            float[] predicted;
            try (Backend backend = backendOptions.create(); BoundDbn bound = dbn.bind(backend)) {
                predicted = bound.predict(x);
            }
            csv.append(targets == null ? "index,prediction\n" : "index,prediction,target\n");
            for (int i = 0; i < predicted.length; i++) {
                csv.append(i).append(',').append(predicted[i]);
                csv.append(targets == null ? "\n" : "," + targets[i] + "\n");
            }
            summary = predicted.length + " predictions";
            if (targets != null) {
                Evaluation.RegressionScore score = Evaluation.regression(predicted, targets);
                summary += String.format(Locale.ROOT, ", RMSE %.4g, R^2 %.4f", score.rmse(), score.rSquared());
            }
        } else {
            DataSet x = data.load().train();
            ModelOption.requireFits(dbn, x, "--data");
            int[] classes;
            float[] probabilities = null;
            try (Backend backend = backendOptions.create(); BoundDbn bound = dbn.bind(backend)) {
                classes = bound.classify(x);
                if (dbn.head() != null) {
                    probabilities = bound.predict(x);
                }
            }
            csv.append("index,class").append(probabilities != null ? ",probability" : "")
                    .append(x.hasLabels() ? ",label\n" : "\n");
            int right = 0;
            for (int i = 0; i < classes.length; i++) {
                csv.append(i).append(',').append(classes[i]);
                if (probabilities != null) {
                    csv.append(',').append(probabilities[i * dbn.head().outputs() + classes[i]]);
                }
                if (x.hasLabels()) {
                    csv.append(',').append(x.label(i));
                    right += x.label(i) == classes[i] ? 1 : 0;
                }
                csv.append('\n');
            }
            summary = classes.length + " predictions" + (x.hasLabels()
                    ? String.format(Locale.ROOT, ", accuracy %.2f%%", 100.0 * right / classes.length) : "");
        }
        writeWhole(output, csv.toString());
        spec.commandLine().getOut().printf(Locale.ROOT, "dbn4j: %s; wrote %s%n", summary, output);
        return 0;
    }

    /** Writes a sibling temporary file and moves it over the target, so no half-written file is left. */
    private static void writeWhole(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                w.write(text);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
