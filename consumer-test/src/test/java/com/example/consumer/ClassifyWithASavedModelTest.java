package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.Dbn;
import org.junit.jupiter.api.Test;

/**
 * What an application outside the dbn4j build does: {@link DigitClassifier} loads a model file
 * that {@code ./dbn4j train} wrote (784-64 with a softmax head, trained on the embedded digits'
 * training part), finds the cpu-simd backend through {@link java.util.ServiceLoader} and
 * classifies the held-out digits.
 */
class ClassifyWithASavedModelTest {

    @Test
    void aSavedModelClassifiesHeldOutDigits() throws IOException, URISyntaxException {
        Path model = Path.of(getClass().getResource("/digits-784-64.safetensors").toURI());
        try (DigitClassifier classifier = new DigitClassifier(model)) {
            assertEquals("cpu-simd", classifier.backendName());
            DataSet test = Mnist10k.test();
            int[] classes = classifier.classify(test);
            int right = 0;
            for (int i = 0; i < test.rows(); i++) {
                right += classes[i] == test.label(i) ? 1 : 0;
            }
            // The model scored 88.97% on these 2,004 digits when it was trained.
            assertTrue(right > 0.88 * test.rows() && right < 0.90 * test.rows(), right + " of " + test.rows());
            assertEquals((double) right / test.rows(), classifier.accuracy(test), 1e-12);
        }
    }

    @Test
    void theJarsNameTheirModules() throws IOException, URISyntaxException {
        assertEquals("org.dbn4j.api", moduleName(Dbn.class));
        assertEquals("org.dbn4j.simd", moduleName(simdBackendClass()));
    }

    private static Class<?> simdBackendClass() {
        // Runtime scope, as an application declares a backend: found by name, never compiled against.
        try {
            return Class.forName("org.dbn4j.simd.CpuSimdBackend");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("dbn-cpu-simd is not on the class path", e);
        }
    }

    private static String moduleName(Class<?> type) throws IOException, URISyntaxException {
        try (JarFile jar = new JarFile(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        }
    }
}
