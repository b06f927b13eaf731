package org.dbn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Standardization;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.eval.AnnealedImportanceSampling;
import org.dbn4j.training.eval.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbn4j evaluate}: accuracy, confusion matrix and per-class precision and recall of a
 * classifier; RMSE and R^2 of a regressor; for a single RBM, its average log-likelihood estimated
 * by AIS.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model on held-out data (accuracy, confusion matrix, precision and recall;"
                + " RMSE and R^2 of a regressor, with --target).",
            "For a single RBM: its average log-likelihood, estimated by annealed importance sampling."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ModelOption model;

    @Mixin
    private DataOptions data;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--ais-runs", defaultValue = "100", description = "AIS runs. Default: ${DEFAULT-VALUE}.")
    private int aisRuns;

    @Option(names = "--ais-temperatures", defaultValue = "10000",
            description = "AIS inverse temperatures. Default: ${DEFAULT-VALUE}.")
    private int aisTemperatures;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of AIS and binarisation. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Mixin
    private VerboseOption verbose;

    /** Creates the command (picocli instantiates it). */
    public EvaluateCommand() {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Dbn dbn = model.load();
        if (dbn.head() != null && dbn.head().kind() == Head.Kind.LINEAR) {
            return evaluateRegression(out, dbn);
        }
        DataOptions.Parts parts = data.load();
        DataSet eval = parts.test() != null ? parts.test() : parts.train();
        ModelOption.requireFits(dbn, eval, parts.description());
        try (Backend backend = backendOptions.create(); BoundDbn bound = dbn.bind(backend)) {
            if (dbn.head() != null || dbn.labels() != null) {
                if (!eval.hasLabels()) {
                    throw new UserException(parts.description() + " has no labels to evaluate a classifier against");
                }
                report(out, bound.classify(eval), eval);
            } else if (dbn.depth() == 1) {
                if (aisRuns < 1 || aisTemperatures < 2) {
                    throw new UserException("--ais-runs must be at least 1 and --ais-temperatures at least 2");
                }
                BoundRbm rbm = bound.layer(0);
                if (rbm.spec().hiddenUnits() != HiddenUnits.BERNOULLI) {
                    throw new UserException("AIS needs Bernoulli hidden units; it does not temper the binary copies"
                            + " of this RBM's noisy ReLU hidden units");
                }
                // The RBM sees what training gave it: standardised inputs, or binary states.
                Standardization scaling = dbn.inputScaling();
                DataSet seen = scaling == null ? eval : scaling.apply(eval);
                DataSet train = scaling == null ? parts.train() : scaling.apply(parts.train());
                boolean binary = rbm.spec().visibleUnits() == VisibleUnits.BERNOULLI;
                if (binary) {
                    seen = seen.binarizeStochastically(seed);
                    train = train.binarizeStochastically(seed + 1);
                }
                var estimate = AnnealedImportanceSampling.logZ(rbm, AnnealedImportanceSampling.baseBias(rbm.spec(),
                        train), aisRuns, AnnealedImportanceSampling.schedule(aisTemperatures), seed);
                double ll = AnnealedImportanceSampling.averageLogLikelihood(rbm, seen, estimate.logZ());
                out.printf(Locale.ROOT, "log Z = %.3f +- %.3f (AIS, %d runs, %d temperatures)%n", estimate.logZ(),
                        estimate.standardError(), aisRuns, aisTemperatures);
                out.printf(Locale.ROOT, "average log-likelihood of %d examples (%s): %.3f nats%n", eval.rows(),
                        binary ? "binarised" : scaling != null ? "standardised, a log-density" : "a log-density", ll);
            } else {
                throw new UserException("the model has neither a classifier nor label units, and is not a single RBM:"
                        + " nothing to evaluate");
            }
        }
        return 0;
    }

    private int evaluateRegression(PrintWriter out, Dbn dbn) throws IOException {
        if (!data.hasTarget()) {
            throw new UserException("the model is a regressor: give the CSV column of true values with --target");
        }
        DataOptions.RegressionParts parts = data.loadRegression();
        boolean test = parts.test() != null;
        DataSet eval = test ? parts.test() : parts.train();
        ModelOption.requireFits(dbn, eval, parts.description());
        try (Backend backend = backendOptions.create(); BoundDbn bound = dbn.bind(backend)) {
            RegressionTraining.report(out, test ? "test" : "evaluation", Evaluation.regression(bound.predict(eval),
                    test ? parts.testTargets() : parts.trainTargets()));
        }
        return 0;
    }

    private static void report(PrintWriter out, int[] predicted, DataSet data) {
        int classes = data.classes();
        for (int p : predicted) {
            classes = Math.max(classes, p + 1);
        }
        int[][] confusion = new int[classes][classes];
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            confusion[data.label(i)][predicted[i]]++;
            right += data.label(i) == predicted[i] ? 1 : 0;
        }
        out.printf(Locale.ROOT, "accuracy %.2f%% (%d of %d)%n%n", 100.0 * right / predicted.length, right,
                predicted.length);
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        StringBuilder head = new StringBuilder("      ");
        for (int c = 0; c < classes; c++) {
            head.append(String.format(Locale.ROOT, "%6d", c));
        }
        out.println(head);
        for (int t = 0; t < classes; t++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d", t));
            for (int p = 0; p < classes; p++) {
                row.append(String.format(Locale.ROOT, "%6d", confusion[t][p]));
            }
            out.println(row);
        }
        out.println();
        out.println(" class  precision  recall  support");
        for (int c = 0; c < classes; c++) {
            int predictedC = 0;
            int support = 0;
            for (int k = 0; k < classes; k++) {
                predictedC += confusion[k][c];
                support += confusion[c][k];
            }
            double precision = predictedC == 0 ? 0 : (double) confusion[c][c] / predictedC;
            double recall = support == 0 ? 0 : (double) confusion[c][c] / support;
            out.printf(Locale.ROOT, "%6d  %9.3f  %6.3f  %7d%n", c, precision, recall, support);
        }
    }
}
