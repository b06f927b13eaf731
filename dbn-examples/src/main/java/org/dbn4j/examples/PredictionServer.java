package org.dbn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;

/**
 * Serves predictions from one loaded model to many concurrent callers: a pool of client threads
 * each sends single-digit requests to the same {@link BoundDbn} (inference is thread-safe and
 * allocates only per-call temporaries). Prints latency percentiles and throughput.
 *
 * <p>Run with {@code ./dbn4j example PredictionServer [model.safetensors]}: without a file it
 * first trains a small classifier; {@code quick} serves fewer requests.
 */
public final class PredictionServer {

    private PredictionServer() {
    }

    /**
     * Loads or trains a model, then serves.
     *
     * @param args a model file, or {@code quick}, or nothing
     * @throws Exception if the model cannot be loaded or a caller fails
     */
    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        DataSet requests = Mnist10k.test();
        int callers = 8;
        int perCaller = quick ? 200 : 5000;
        try (Backend backend = Backends.create()) {
            Dbn model = args.length > 0 && !quick ? load(Path.of(args[0])) : train(backend);
            try (BoundDbn net = model.bind(backend)) {
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                List<Future<long[]>> results = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int c = 0; c < callers; c++) {
                    int caller = c;
                    results.add(pool.submit(() -> serve(net, requests, caller, perCaller)));
                }
                List<long[]> latencies = new ArrayList<>();
                int correct = 0;
                for (Future<long[]> f : results) {
                    long[] r = f.get();
                    correct += (int) r[0];
                    latencies.add(Arrays.copyOfRange(r, 1, r.length));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                pool.shutdown();
                long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                System.out.printf(Locale.ROOT, "%d callers x %d requests of one digit on %s%n", callers, perCaller,
                        backend);
                System.out.printf(Locale.ROOT, "latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                        percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all[all.length - 1] / 1e6);
                System.out.printf(Locale.ROOT, "throughput %.0f predictions/s; %.2f%% of answers right%n",
                        all.length / seconds, 100.0 * correct / all.length);
            }
        }
    }

    private static long[] serve(BoundDbn net, DataSet requests, int caller, int count) {
        long[] out = new long[count + 1];
        for (int i = 0; i < count; i++) {
            int index = (caller * 7919 + i) % requests.rows();
            DataSet one = requests.subset(new int[] {index});
            long t = System.nanoTime();
            int answer = net.classify(one)[0];
            out[i + 1] = System.nanoTime() - t;
            out[0] += answer == one.label(0) ? 1 : 0;
        }
        return out;
    }

    private static double percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static Dbn load(Path file) throws IOException {
        return ModelFile.load(file);
    }

    private static Dbn train(Backend backend) {
        DataSet train = Mnist10k.train();
        Dbn dbn = GreedyPretrainer.builder().layers(300, 300).seed(0).build().pretrain(backend, train);
        return BackpropFineTuner.builder().epochs(5).seed(0).build().fineTune(backend, dbn, train, null);
    }
}
