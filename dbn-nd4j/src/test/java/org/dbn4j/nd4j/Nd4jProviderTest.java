package org.dbn4j.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dbn4j.backend.BackendProvider;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.Test;

class Nd4jProviderTest {

    @Test
    void withNd4jAndItsNativesOnTheClassPathTheBackendStartsAndDescribesItsSettings() {
        assertTrue(new Nd4jProvider().isAvailable(), new Nd4jProvider().unavailableReason());
        try (Backend backend = Backends.create("nd4j")) {
            assertEquals("nd4j", backend.name());
            String description = backend.description();
            assertTrue(description.startsWith("ND4J 1.0.0-M2.1 on OPENBLAS"), description);
            assertTrue(description.contains("OMP_WAIT_POLICY="), description);
            assertTrue(description.contains("OpenMP thread"), description);
        }
    }

    @Test
    void theOpenMpWaitPolicyIsPassiveUnlessTheEnvironmentChoseOne() {
        try (Backend backend = new Nd4jBackend(1)) {
            String expected = System.getenv("OMP_WAIT_POLICY") == null ? "PASSIVE" : System.getenv("OMP_WAIT_POLICY");
            assertEquals(expected, NativeEnvironment.get("OMP_WAIT_POLICY"), backend.description());
        }
    }

    @Test
    void withoutTheNativeLibraryTheReasonNamesTheClassifier() throws Exception {
        String reason = reasonWithout(entry -> entry.matches(".*nd4j-native-[^/]*-linux-x86_64[^/]*\\.jar"));
        assertTrue(reason.startsWith("no nd4j-native library for linux-x86_64 on the class path"), reason);
        assertTrue(reason.contains("classifier linux-x86_64"), reason);
    }

    @Test
    void withoutNd4jTheReasonSaysWhatToAdd() throws Exception {
        String reason = reasonWithout(entry -> entry.contains("/org/nd4j/"));
        assertTrue(reason.startsWith("ND4J is not on the class path"), reason);
    }

    /** Loads the provider in a class loader without the class path entries that match. */
    private static String reasonWithout(Predicate<String> hidden) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!hidden.test(entry.replace(File.separatorChar, '/'))) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName(Nd4jProvider.class.getName(), false, loader);
            Object provider = type.getConstructor().newInstance();
            assertTrue(BackendProvider.class.getName().equals(type.getInterfaces()[0].getName()));
            return (String) type.getMethod("unavailableReason").invoke(provider);
        }
    }
}
