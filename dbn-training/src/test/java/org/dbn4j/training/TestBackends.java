package org.dbn4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.params.provider.Arguments;

/** The backends that training tests run on: the scalar reference and cpu-simd. */
final class TestBackends {

    private static final List<String> NAMES = List.of("reference", "cpu-simd");

    private TestBackends() {
    }

    /** Every case on every backend, as (backend name, case) arguments. */
    static Stream<Arguments> eachBackend(List<?> cases) {
        List<Arguments> out = new ArrayList<>();
        for (String backend : NAMES) {
            for (Object c : cases) {
                out.add(Arguments.of(backend, c));
            }
        }
        return out.stream();
    }

    /** A new backend by the names of {@link #eachBackend}. */
    static Backend create(String name) {
        return name.equals("reference") ? new ReferenceBackend() : new CpuSimdBackend(2);
    }
}
