package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.Test;

class CpuSimdProviderTest {

    @Test
    void withTheIncubatorModuleTheProviderIsAvailableAndDescribesItsConfiguration() {
        CpuSimdProvider provider = new CpuSimdProvider();
        assertTrue(provider.isAvailable(), provider.unavailableReason());
        assertEquals("", provider.unavailableReason());
        try (Backend backend = Backends.create("cpu-simd")) {
            assertEquals("cpu-simd", backend.name());
            assertTrue(backend.description().matches("\\d+-bit vectors, (FMA|no FMA.*), \\d+ threads?"),
                    backend.description());
        }
        assertTrue(Backends.providers().stream().anyMatch(p -> p.name().equals("cpu-simd") && p.available()));
    }

    @Test
    void withoutTheIncubatorModuleTheProviderSaysWhyAndHowToFixIt() throws Exception {
        List<String> lines = runChildJvm();
        assertTrue(lines.contains("available=false"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("reason=jdk.incubator.vector is not readable")
                && l.contains("--add-modules jdk.incubator.vector")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("create=failed: backend 'cpu-simd' (requested in code) is"
                + " unavailable") && l.contains("--add-modules jdk.incubator.vector")), lines::toString);
    }

    private static List<String> runChildJvm() throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ProviderStatusMain.class.getName());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theThreadCountComesFromTheConstructorOrTheSystemProperty() {
        try (CpuSimdBackend backend = new CpuSimdBackend(3)) {
            assertEquals(3, backend.threads());
            assertTrue(backend.description().endsWith("3 threads"), backend.description());
        }
        String old = System.getProperty(CpuSimdBackend.THREADS_PROPERTY);
        try {
            System.setProperty(CpuSimdBackend.THREADS_PROPERTY, "1");
            try (CpuSimdBackend backend = new CpuSimdBackend()) {
                assertEquals(1, backend.threads());
                assertTrue(backend.description().endsWith("1 thread"), backend.description());
            }
            System.setProperty(CpuSimdBackend.THREADS_PROPERTY, "many");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CpuSimdBackend::new);
            assertTrue(e.getMessage().contains("dbn4j.simd.threads") && e.getMessage().contains("'many'"),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(CpuSimdBackend.THREADS_PROPERTY);
            } else {
                System.setProperty(CpuSimdBackend.THREADS_PROPERTY, old);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new CpuSimdBackend(0));
        assertFalse(new CpuSimdProvider().unavailableReason().contains("null"));
    }
}
