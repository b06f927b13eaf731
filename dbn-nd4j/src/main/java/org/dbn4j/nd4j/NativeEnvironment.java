package org.dbn4j.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the native libraries that only their environment variables control, applied to
 * this process's C environment before ND4J loads OpenMP and OpenBLAS, which read them once at
 * load time.
 *
 * <ul>
 *   <li>{@code OMP_WAIT_POLICY}: OpenMP threads busy-wait between parallel regions by default,
 *       which makes the many short operations of a training step erratic and slow when threads
 *       compete for cores. Unless the environment sets it, it becomes {@code PASSIVE}; the system
 *       property {@value #WAIT_POLICY_PROPERTY} chooses another value, or {@code inherit} to leave
 *       the environment alone.
 *   <li>{@code OPENBLAS_CORETYPE}: forces OpenBLAS's kernel family, for example
 *       {@code SKYLAKEX} for its AVX-512 kernels on CPUs its detection does not know. Set only
 *       when the system property {@value #CORETYPE_PROPERTY} asks for it; it then overrides the
 *       environment.
 * </ul>
 */
final class NativeEnvironment {

    /** Chooses OMP_WAIT_POLICY: a value, or {@code inherit}. */
    static final String WAIT_POLICY_PROPERTY = "dbn4j.nd4j.ompWaitPolicy";
    /** Forces OPENBLAS_CORETYPE when set. */
    static final String CORETYPE_PROPERTY = "dbn4j.nd4j.openblasCoretype";

    private static List<String> applied;

    private NativeEnvironment() {
    }

    /** The C library's setenv, through JNA. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Applies the settings once per process, before the first use of ND4J.
     *
     * @return what was applied, for the backend's description; empty when nothing was
     */
    static synchronized List<String> applyOnce() {
        if (applied != null) {
            return applied;
        }
        List<String> done = new ArrayList<>();
        String policy = System.getProperty(WAIT_POLICY_PROPERTY, "PASSIVE").trim();
        if (!policy.equalsIgnoreCase("inherit") && System.getenv("OMP_WAIT_POLICY") == null) {
            set("OMP_WAIT_POLICY", policy.toUpperCase(Locale.ROOT), done);
        }
        String coreType = System.getProperty(CORETYPE_PROPERTY);
        if (coreType != null && !coreType.isBlank()) {
            set("OPENBLAS_CORETYPE", coreType.trim().toUpperCase(Locale.ROOT), done);
        }
        applied = List.copyOf(done);
        return applied;
    }

    private static void set(String name, String value, List<String> done) {
        try {
            CLibrary c = Native.loadLibrary("c", CLibrary.class);
            if (c.setenv(name, value, 1) == 0) {
                done.add(name + "=" + value);
            }
        } catch (RuntimeException | LinkageError e) {
            org.slf4j.LoggerFactory.getLogger(NativeEnvironment.class).warn(
                    "could not set {}={} for ND4J ({}); set it in the environment that starts the JVM", name, value,
                    e.toString());
        }
    }

    /**
     * A variable's value in the C environment (which {@link System#getenv} does not see change).
     *
     * @param name the variable
     * @return its value, or null
     */
    static String get(String name) {
        try {
            return Native.loadLibrary("c", CLibGet.class).getenv(name);
        } catch (RuntimeException | LinkageError e) {
            return System.getenv(name);
        }
    }

    /** The C library's getenv. */
    interface CLibGet extends Library {
        String getenv(String name);
    }
}
