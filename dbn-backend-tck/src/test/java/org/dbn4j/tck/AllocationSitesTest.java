package org.dbn4j.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationSitesTest {

    private static volatile Object sink;

    @Test
    void namesTheMethodThatAllocates() {
        String sites = AllocationSites.describe(AllocationSitesTest::allocateBuffer);
        assertTrue(sites.contains("AllocationSitesTest.allocateBuffer"), sites);
        assertTrue(sites.contains("float[]"), sites);
    }

    @Test
    void saysSoWhenNothingAllocates() {
        String sites = AllocationSites.describe(() -> { });
        assertTrue(sites.contains("saw no allocation"), sites);
    }

    private static void allocateBuffer() {
        sink = new float[1000];
    }
}
