package org.dbn4j.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;

/**
 * Writes a small trained supervised DBN ({@code model.safetensors}) and the logits dbn4j computes
 * for the first 16 embedded test digits ({@code dbn4j-logits.csv}), for
 * {@code scripts/check_pytorch_interop.py} to compare with PyTorch.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.InteropExport target/interop
 * </pre>
 */
public final class InteropExport {

    private InteropExport() {
    }

    /**
     * Trains, saves and writes the logits.
     *
     * @param args the output directory (default {@code target/interop})
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/interop");
        Files.createDirectories(dir);
        DataSet train = Mnist10k.train().head(2000);
        try (Backend backend = BenchBackends.create("cpu-simd", 2)) {
            Dbn dbn = GreedyPretrainer.builder().layers(64, 32).seed(3).build().pretrain(backend, train);
            dbn = BackpropFineTuner.builder().epochs(3).seed(3).build().fineTune(backend, dbn, train, null);
            ModelFile.save(dbn, dir.resolve("model.safetensors"));
            float[] logits;
            try (BoundDbn bound = ModelFile.load(dir.resolve("model.safetensors")).bind(backend);
                 var x = Mnist10k.test().head(16).toMatrix(backend);
                 var out = backend.matrix(16, 10)) {
                bound.logits(x, out);
                logits = out.toArray();
            }
            try (Writer w = Files.newBufferedWriter(dir.resolve("dbn4j-logits.csv"), StandardCharsets.US_ASCII)) {
                for (int i = 0; i < 16; i++) {
                    StringBuilder line = new StringBuilder();
                    for (int j = 0; j < 10; j++) {
                        line.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", logits[i * 10 + j]));
                    }
                    w.write(line.append('\n').toString());
                }
            }
            System.out.println("wrote " + dir.resolve("model.safetensors") + " and " + dir.resolve("dbn4j-logits.csv"));
        }
    }
}
