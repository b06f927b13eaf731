package org.dbn4j.simd;

import java.util.Optional;
import org.dbn4j.backend.BackendProvider;
import org.dbn4j.tensor.Backend;

/**
 * Registers {@link CpuSimdBackend} with {@link java.util.ServiceLoader} under the name
 * {@value CpuSimdBackend#NAME}, with priority {@value #PRIORITY}.
 *
 * <p>It is available when the JVM was started with {@code --add-modules jdk.incubator.vector},
 * the preferred vector species is at least 128 bits wide, the system properties
 * {@value CpuSimdBackend#VECTOR_BITS_PROPERTY} and {@value CpuSimdBackend#REGISTERS_PROPERTY}, when
 * set, ask for a shape this CPU can run, and the JIT emits fused multiply-add
 * instructions (without them every vector FMA would fall back to a slow per-lane path). This class touches the Vector API
 * only after checking that the module is present, so that loading the provider never fails.
 */
public final class CpuSimdProvider implements BackendProvider {

    /** The preference over other backends when no name is given. */
    public static final int PRIORITY = 100;

    static final String MODULE = "jdk.incubator.vector";
    static final String FIX = "start the JVM with --add-modules " + MODULE;

    private volatile String reason;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public CpuSimdProvider() {
    }

    @Override
    public String name() {
        return CpuSimdBackend.NAME;
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
        String r = reason;
        if (r == null) {
            r = check();
            reason = r;
        }
        return r;
    }

    private static String check() {
        Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
        if (vector.isEmpty() || !CpuSimdProvider.class.getModule().canRead(vector.get())) {
            return MODULE + " is not readable: " + FIX;
        }
        try {
            int bits = VectorShape.preferredBits();
            if (bits < 128) {
                return "the preferred vector species is only " + bits + " bits wide, and cpu-simd needs 128 or more"
                        + " (is the JIT limited by -XX:UseAVX=0 or -XX:-UseSuperWord, or is this CPU without SIMD?)";
            }
            String shape = VectorShape.problem();
            if (!shape.isEmpty()) {
                return shape;
            }
            if (!CpuFeatures.hasFma()) {
                return "the JVM does not use fused multiply-add on this CPU (-XX:-UseFMA, or a CPU without FMA),"
                        + " so cpu-simd would run far below its speed; choose another backend";
            }
            return "";
        } catch (RuntimeException | LinkageError e) {
            return "the Vector API failed to start (" + e + "): " + FIX;
        }
    }

    @Override
    public Backend create() {
        String r = unavailableReason();
        if (!r.isEmpty()) {
            throw new IllegalStateException("cpu-simd is unavailable: " + r);
        }
        return new CpuSimdBackend();
    }

    /** Kept apart so that its reference to the Vector API loads only after the module check. */
    private static final class VectorShape {
        static int preferredBits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }

        static String problem() {
            return KernelShape.PROBLEM;
        }
    }
}
