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
            assertTrue(backend.description().matches("\\d+-bit vectors( \\(of \\d+\\))?, (16|32) registers, [58] x \\d+ tiles, FMA, \\d+ threads?"),
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

    @Test
    void aNarrowerVectorWidthAndAnotherRegisterFileCanBeAskedForAndAreNamedInTheInfoLine() throws Exception {
        List<String> lines = runChildJvm("--add-modules", "jdk.incubator.vector", "-Ddbn4j.simd.vectorBits=128",
                "-Ddbn4j.simd.registers=16");
        assertTrue(lines.contains("available=true"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("create=ok: 128-bit vectors")
                && l.contains("16 registers, 5 x 8 tiles")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("INFO") && l.contains("cpu-simd kernels: 128-bit vectors")),
                lines::toString);
    }

    @Test
    void aVectorWidthAboveTheCpusIsRefusedWithTheWidthItHas() throws Exception {
        // MaxVectorSize=16 caps the JIT at 128-bit vectors on any CPU.
        List<String> lines = runChildJvm("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=16",
                "-Ddbn4j.simd.vectorBits=256");
        assertTrue(lines.contains("available=false"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("reason=") && l.contains("dbn4j.simd.vectorBits")
                && l.contains("256-bit") && l.contains("at most 128-bit")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("create=failed") && l.contains("at most 128-bit")),
                lines::toString);
    }

    @Test
    void aShapeThatIsNoWidthOrRegisterCountIsRefusedNamingTheProperty() throws Exception {
        List<String> width = runChildJvm("--add-modules", "jdk.incubator.vector", "-Ddbn4j.simd.vectorBits=wide");
        assertTrue(width.stream().anyMatch(l -> l.startsWith("reason=system property dbn4j.simd.vectorBits must be"
                + " 128, 256 or 512, got 'wide'")), width::toString);
        List<String> registers = runChildJvm("--add-modules", "jdk.incubator.vector", "-Ddbn4j.simd.registers=24");
        assertTrue(registers.stream().anyMatch(l -> l.startsWith("reason=system property dbn4j.simd.registers must"
                + " be 16 or 32, got '24'")), registers::toString);
    }

    private static List<String> runChildJvm(String... jvmArgs) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProviderStatusMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
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
