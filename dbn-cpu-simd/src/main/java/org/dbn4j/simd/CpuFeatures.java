package org.dbn4j.simd;

import java.lang.management.ManagementFactory;

/** What the JVM reports about the processor's vector support. */
final class CpuFeatures {

    private CpuFeatures() {
    }

    /** HotSpot's UseFMA flag, true when the flag cannot be read (non-HotSpot JVMs). */
    static boolean hasFma() {
        String value = vmOption("UseFMA");
        return value == null || Boolean.parseBoolean(value);
    }

    /** A HotSpot VM option's value, or null when unavailable. */
    static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
