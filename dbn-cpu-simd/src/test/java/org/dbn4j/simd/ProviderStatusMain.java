package org.dbn4j.simd;

import org.dbn4j.backend.BackendUnavailableException;
import org.dbn4j.backend.Backends;

/** Run in a child JVM by {@link CpuSimdProviderTest}: prints what the provider says there. */
public final class ProviderStatusMain {
    private ProviderStatusMain() {
    }

    /**
     * Prints availability, the reason, and what {@code Backends.create("cpu-simd")} does.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        CpuSimdProvider provider = new CpuSimdProvider();
        System.out.println("available=" + provider.isAvailable());
        System.out.println("reason=" + provider.unavailableReason());
        try {
            try (org.dbn4j.tensor.Backend backend = Backends.create(CpuSimdBackend.NAME)) {
                System.out.println("create=ok: " + backend.description());
            }
        } catch (BackendUnavailableException e) {
            System.out.println("create=failed: " + e.getMessage().replace('\n', '|'));
        }
    }
}
