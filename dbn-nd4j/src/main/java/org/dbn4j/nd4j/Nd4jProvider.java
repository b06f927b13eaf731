package org.dbn4j.nd4j;

import java.util.Locale;
import org.dbn4j.backend.BackendProvider;
import org.dbn4j.tensor.Backend;

/**
 * Registers {@link Nd4jBackend} with {@link java.util.ServiceLoader} under the name
 * {@value Nd4jBackend#NAME}, with priority {@value #PRIORITY}: below cpu-simd, so that ND4J's
 * start-up (it loads a 320 MB native library) is paid only by programs that ask for it or
 * cannot run cpu-simd.
 *
 * <p>Availability is checked without loading ND4J: its classes and the native library for this
 * platform must be on the class path. A library that is present but fails to load is reported
 * when the backend is created.
 */
public final class Nd4jProvider implements BackendProvider {

    /** The preference over other backends when no name is given. */
    public static final int PRIORITY = 50;

    private static final String NATIVE_DIRECTORY = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public Nd4jProvider() {
    }

    @Override
    public String name() {
        return Nd4jBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        ClassLoader loader = Nd4jProvider.class.getClassLoader();
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "ND4J is not on the class path: add org.nd4j:nd4j-native (and its platform classifier)";
        }
        String platform = platform();
        String library = System.mapLibraryName("jnind4jcpu");
        for (String variant : new String[] {platform, platform + "-avx2", platform + "-avx512"}) {
            if (loader.getResource(NATIVE_DIRECTORY + variant + "/" + library) != null) {
                return "";
            }
        }
        return "no nd4j-native library for " + platform + " on the class path: add org.nd4j:nd4j-native with the"
                + " classifier " + platform + " (or " + platform + "-avx512)";
    }

    /** JavaCPP's platform name for this JVM, for example linux-x86_64. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macosx" : os.replace(" ", "");
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") ? "arm64" : arch;
        return osName + "-" + archName;
    }

    @Override
    public Backend create() {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            throw new IllegalStateException("nd4j is unavailable: " + reason);
        }
        return new Nd4jBackend();
    }
}
