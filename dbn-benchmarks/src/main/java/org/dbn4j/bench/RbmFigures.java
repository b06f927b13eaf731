package org.dbn4j.bench;

import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.ContrastiveDivergence;
import org.dbn4j.training.PersistentContrastiveDivergence;
import org.dbn4j.training.RbmTrainer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.eval.AnnealedImportanceSampling;

/**
 * Held-out log-likelihoods of 784-500 RBMs trained on the embedded MNIST subset, estimated with
 * AIS as in Salakhutdinov and Murray (2008): the digits binarised stochastically (seed 1), CD-1,
 * CD-10 and PCD-1 for the same number of epochs, then 100 AIS runs with 14,500 inverse
 * temperatures from a base-rate model of the training data.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.RbmFigures [epochs] [temperatures] [backend] [threads] [CD-1,CD-25,PCD-1]
 * </pre>
 */
public final class RbmFigures {

    private RbmFigures() {
    }

    /**
     * Trains the three models and prints one RESULT line each.
     *
     * @param args epochs (default 50), temperatures (default 14500), backend (default cpu-simd),
     *     threads (default 2), estimators (default {@code CD-1,CD-10,PCD-1}; {@code CD-k} and
     *     {@code PCD-k} for any k)
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int temperatures = args.length > 1 ? Integer.parseInt(args[1]) : 14500;
        String name = args.length > 2 ? args[2] : "cpu-simd";
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        DataSet train = Mnist10k.train().binarizeStochastically(1);
        DataSet test = Mnist10k.test().binarizeStochastically(2);
        float[] base = AnnealedImportanceSampling.baseRateBias(train);
        double[] betas = AnnealedImportanceSampling.schedule(temperatures);
        try (Backend backend = BenchBackends.create(name, threads)) {
            // All three anneal the rate linearly to a tenth; CD adds momentum 0.5 then 0.9, PCD has
            // none, as persistent chains need small steps to stay near equilibrium.
            UpdateRule cd = SgdUpdate.builder().learningRate(Schedule.linear(0.05, 0.005, epochs)).l2(0.0002).build();
            UpdateRule pcd = SgdUpdate.builder().learningRate(Schedule.linear(0.05, 0.005, epochs))
                    .momentum(Schedule.constant(0)).l2(0.0002).build();
            for (String estimator : (args.length > 4 ? args[4] : "CD-1,CD-10,PCD-1").split(",")) {
                int k = Integer.parseInt(estimator.substring(estimator.indexOf('-') + 1));
                if (estimator.startsWith("PCD-")) {
                    run(backend, train, test, base, betas, epochs, estimator, new PersistentContrastiveDivergence(k, 100),
                            pcd);
                } else {
                    run(backend, train, test, base, betas, epochs, estimator, new ContrastiveDivergence(k), cd);
                }
            }
        }
    }

    private static void run(Backend backend, DataSet train, DataSet test, float[] base, double[] betas, int epochs,
                            String label, GradientEstimator estimator, UpdateRule rule) {
        long t0 = System.nanoTime();
        Rbm rbm = RbmTrainer.builder().epochs(epochs).batchSize(100).seed(1).estimator(estimator).updateRule(rule)
                .build().train(backend, train, 500);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (BoundRbm bound = rbm.bind(backend)) {
            AnnealedImportanceSampling.Estimate z = AnnealedImportanceSampling.logZ(bound, base, 100, betas, 3);
            double aisSeconds = (System.nanoTime() - t1) / 1e9;
            double heldOut = AnnealedImportanceSampling.averageLogLikelihood(bound, test, z.logZ());
            // The held-out figure's standard error: AIS's on log Z and the test digits' sampling error.
            double error = Math.sqrt(z.standardError() * z.standardError() + sampleVariance(bound, test) / test.rows());
            double trainLl = AnnealedImportanceSampling.averageLogLikelihood(bound, train, z.logZ());
            System.out.printf(Locale.ROOT, "RESULT %s, %d epochs: held-out %.2f +- %.2f nats (train %.2f), log Z %.2f +-"
                    + " %.2f; training %.1f s, AIS %.1f s (%d runs x %d temperatures)%n", label, epochs, heldOut, error,
                    trainLl,
                    z.logZ(), z.standardError(), trainSeconds, aisSeconds, z.runs(), z.temperatures());
        }
    }

    /** The variance over examples of the unnormalised log-probability {@code -F(v)}. */
    private static double sampleVariance(BoundRbm rbm, DataSet data) {
        try (org.dbn4j.tensor.Matrix v = data.toMatrix(rbm.backend());
             org.dbn4j.tensor.Matrix f = rbm.backend().matrix(data.rows(), 1)) {
            rbm.freeEnergy(v, f);
            float[] e = f.toArray();
            double mean = 0;
            for (float x : e) {
                mean += x / (double) e.length;
            }
            double var = 0;
            for (float x : e) {
                var += (x - mean) * (x - mean) / (e.length - 1);
            }
            return var;
        }
    }
}
