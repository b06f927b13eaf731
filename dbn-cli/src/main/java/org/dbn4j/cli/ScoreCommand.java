package org.dbn4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dbn4j.data.CsvReader;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbn4j score}: anomaly scores of a data set (free energy of the bottom RBM or
 * reconstruction error through the stack), with a threshold chosen as a quantile of the scores
 * of held-out normal examples.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score examples for anomalies, with a threshold set on normal held-out examples.",
            "The score is the free energy of the bottom RBM or the reconstruction error through the stack.",
            "The threshold is a quantile of the scores of held-out normal examples (by default the training part"
                + " of --data); examples of the test part above it are flagged."})
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ModelOption model;

    @Mixin
    private DataOptions data;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--held-out", paramLabel = "CSV", description = "Normal examples (CSV, features only) to set the"
            + " threshold on. Default: the training part of --data.")
    private Path heldOut;

    @Option(names = "--method", defaultValue = "free-energy",
            description = "free-energy or reconstruction. Default: ${DEFAULT-VALUE}.")
    private Method method;

    @Option(names = "--quantile", defaultValue = "0.99",
            description = "Share of held-out examples below the threshold. Default: ${DEFAULT-VALUE}.")
    private double quantile;

    @Option(names = "--output", defaultValue = "scores.csv", description = "index,score,anomalous rows. Default: ${DEFAULT-VALUE}.")
    private Path output;

    @Mixin
    private VerboseOption verbose;

    /** Creates the command (picocli instantiates it). */
    public ScoreCommand() {
    }

    @Override
    public Integer call() throws IOException {
        if (!(quantile > 0 && quantile < 1)) {
            throw new UserException("--quantile must lie strictly between 0 and 1, got " + quantile);
        }
        Dbn dbn = model.load();
        DataOptions.Parts parts = data.load();
        DataSet normal = heldOut != null ? CsvReader.read(heldOut) : parts.train();
        DataSet scored = parts.test() != null ? parts.test() : parts.train();
        ModelOption.requireFits(dbn, normal, heldOut != null ? heldOut.toString() : parts.description());
        ModelOption.requireFits(dbn, scored, parts.description());
        double[] reference;
        double[] scores;
        try (Backend backend = backendOptions.create(); BoundDbn bound = dbn.bind(backend)) {
            reference = score(bound, normal);
            scores = score(bound, scored);
        }
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        double threshold = sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        int flagged = 0;
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            w.write("index,score,anomalous\n");
            for (int i = 0; i < scores.length; i++) {
                boolean anomalous = scores[i] > threshold;
                flagged += anomalous ? 1 : 0;
                w.write(String.format(Locale.ROOT, "%d,%.6g,%b%n", i, scores[i], anomalous));
            }
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "dbn4j: %s threshold %.4g (quantile %.3f of %d held-out"
                + " examples); %d of %d examples above it; wrote %s%n", method, threshold, quantile, reference.length,
                flagged, scores.length, output);
        return 0;
    }

    private double[] score(BoundDbn bound, DataSet x) {
        return method == Method.FREE_ENERGY ? bound.freeEnergy(x) : bound.reconstructionError(x);
    }

    /** The values of {@code --method}: what an example's anomaly score is. */
    enum Method {
        /** The free energy of the first RBM. */
        FREE_ENERGY,
        /** The squared error of an up-down reconstruction. */
        RECONSTRUCTION;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
