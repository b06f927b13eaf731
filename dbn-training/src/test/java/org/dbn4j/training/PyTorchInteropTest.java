package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model saved the way PyTorch tools save the reference {@code SupervisedDBN} loads, and its
 * deterministic forward pass gives the logits PyTorch computed, within 1e-5.
 */
class PyTorchInteropTest {

    static Stream<Backend> backends() {
        return Stream.of(new ReferenceBackend(), new CpuSimdBackend(1), new CpuSimdBackend(2));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PyTorchInteropTest.class.getResourceAsStream("interop/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theReferenceSupervisedDbnGivesPyTorchsLogits(Backend backend) throws IOException {
        Dbn dbn = ModelFile.load(resource("supervised-dbn-784-64-32-10.safetensors"), "supervised-dbn");
        assertEquals(List.of(784, 64, 32), java.util.Arrays.stream(dbn.sizes()).boxed().toList());
        assertEquals(Head.Kind.SOFTMAX, dbn.head().kind());
        List<String> lines = new String(resource("expected-logits.csv"), StandardCharsets.US_ASCII).lines().toList();
        assertEquals(16, lines.size());
        try (backend; BoundDbn bound = dbn.bind(backend);
             Matrix x = Mnist10k.test().head(16).toMatrix(backend);
             Matrix logits = backend.matrix(16, 10)) {
            bound.logits(x, logits);
            float[] actual = logits.toArray();
            double worst = 0;
            for (int i = 0; i < 16; i++) {
                String[] cells = lines.get(i).split(",");
                for (int j = 0; j < 10; j++) {
                    worst = Math.max(worst, Math.abs(Double.parseDouble(cells[j]) - actual[i * 10 + j]));
                }
            }
            double max = worst;
            assertTrue(max <= 1e-5, () -> backend.name() + ": largest difference from PyTorch's logits " + max);
        }
    }
}
