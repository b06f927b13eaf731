package org.dbn4j.simd;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector width and register file that cpu-simd's kernels are shaped for, chosen once when
 * the class loads: every kernel reads these constants, which the JIT folds into its code.
 *
 * <p>The vector width is the widest the JVM compiles to on this CPU, or
 * {@value #VECTOR_BITS_PROPERTY} when set (128, 256 or 512, not above the CPU's). The register
 * count is what the JIT allocates vectors from: 32 with AVX-512 (HotSpot's {@code UseAVX=3}) and
 * on AArch64, 16 with AVX2 or older x86 ({@code -XX:UseAVX=2} on an AVX-512 CPU gives the AVX2
 * code paths with 16 registers), or {@value #REGISTERS_PROPERTY} when set. The GEMM register
 * tile follows the register count: {@link #TILE_ROWS} rows by two vectors, so that its
 * accumulators, the two vectors of B and the broadcast element of A fit the file without spills.
 */
final class KernelShape {

    /** System property that narrows the vectors, for example to test the 128-bit path. */
    static final String VECTOR_BITS_PROPERTY = "dbn4j.simd.vectorBits";
    /** System property that sets the register file the tiles are shaped for: 16 or 32. */
    static final String REGISTERS_PROPERTY = "dbn4j.simd.registers";

    private static final Logger LOG = LoggerFactory.getLogger(KernelShape.class);

    /** The widest float vector the JVM compiles to on this CPU, in bits. */
    static final int MACHINE_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    /** Vector registers the JIT allocates from on this CPU. */
    static final int MACHINE_REGISTERS = machineRegisters();

    /** Why the requested shape cannot run here, or empty when it can. */
    static final String PROBLEM;
    /** The float species of every kernel. */
    static final VectorSpecies<Float> SPECIES;
    /** The register file the tiles are shaped for. */
    static final int REGISTERS;
    /** Rows of the GEMM register tile: 8 with 32 registers (16 accumulators), 5 with 16 (10). */
    static final int TILE_ROWS;

    static {
        String problem = "";
        int bits = MACHINE_BITS;
        int registers = MACHINE_REGISTERS;
        try {
            bits = requestedBits();
            registers = requestedRegisters();
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            bits = MACHINE_BITS;
            registers = MACHINE_REGISTERS;
        }
        PROBLEM = problem;
        SPECIES = bits == MACHINE_BITS ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
        REGISTERS = registers;
        TILE_ROWS = registers >= 32 ? 8 : 5;
        if (PROBLEM.isEmpty()) {
            LOG.info("cpu-simd kernels: {}", describe());
            if (REGISTERS > MACHINE_REGISTERS) {
                LOG.warn("cpu-simd tiles are shaped for {} vector registers but this CPU has {}: they will spill"
                        + " (meant for tests of that shape)", REGISTERS, MACHINE_REGISTERS);
            }
        }
    }

    private KernelShape() {
    }

    /** The shape in words, for example "256-bit vectors, 16 registers, 6 x 16 tiles". */
    static String describe() {
        String narrowed = SPECIES.vectorBitSize() < MACHINE_BITS ? " (of " + MACHINE_BITS + ")" : "";
        return SPECIES.vectorBitSize() + "-bit vectors" + narrowed + ", " + REGISTERS + " registers, " + TILE_ROWS
                + " x " + 2 * SPECIES.length() + " tiles";
    }

    private static int machineRegisters() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("x86") && !arch.equals("i386")) {
            // AArch64 (NEON, SVE), RISC-V V and POWER VSX all have at least 32 vector registers.
            return 32;
        }
        // HotSpot allocates zmm/ymm16-31 only when it emits EVEX encodings, that is with UseAVX=3.
        String useAvx = CpuFeatures.vmOption("UseAVX");
        if (useAvx != null) {
            return useAvx.trim().equals("3") ? 32 : 16;
        }
        return MACHINE_BITS >= 512 ? 32 : 16;
    }

    private static int requestedBits() {
        String value = System.getProperty(VECTOR_BITS_PROPERTY);
        if (value == null || value.isBlank()) {
            return MACHINE_BITS;
        }
        int bits;
        try {
            bits = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("system property " + VECTOR_BITS_PROPERTY + " must be 128, 256 or 512,"
                    + " got '" + value + "'");
        }
        if (bits > MACHINE_BITS) {
            throw new IllegalArgumentException("system property " + VECTOR_BITS_PROPERTY + " asks for " + bits
                    + "-bit vectors, but the JVM compiles at most " + MACHINE_BITS + "-bit vectors on this CPU"
                    + " (choose " + MACHINE_BITS + " or less)");
        }
        return bits;
    }

    private static int requestedRegisters() {
        String value = System.getProperty(REGISTERS_PROPERTY);
        if (value == null || value.isBlank()) {
            return MACHINE_REGISTERS;
        }
        String v = value.trim();
        if (!v.equals("16") && !v.equals("32")) {
            throw new IllegalArgumentException("system property " + REGISTERS_PROPERTY + " must be 16 or 32, got '"
                    + value + "'");
        }
        return Integer.parseInt(v);
    }
}
