package org.dbn4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private final FakeProvider alpha = FakeProvider.available("alpha", 10);
    private final FakeProvider beta = FakeProvider.available("beta", 20);
    private final FakeProvider gamma = FakeProvider.unavailable("gamma", 100, "needs the gamma chip: install it");
    private final FakeProvider delta = FakeProvider.throwingOnCreate("delta", 50);
    private final List<Backends.Candidate> all = Backends.candidatesOf(List.of(alpha, beta, gamma, delta));

    private static Function<String, String> lookup(Map<String, String> values) {
        return values::get;
    }

    private static final Function<String, String> NONE = key -> null;

    private Backend select(String explicit, String property, String environment) {
        return Backends.select(explicit,
                property == null ? NONE : lookup(Map.of(Backends.SYSTEM_PROPERTY, property)),
                environment == null ? NONE : lookup(Map.of(Backends.ENVIRONMENT_VARIABLE, environment)), all);
    }

    @Test
    void anExplicitNameBeatsThePropertyWhichBeatsTheEnvironmentWhichBeatsPriority() {
        assertEquals("alpha", select("alpha", "beta", "beta").name());
        assertEquals("beta", select(null, "beta", "alpha").name());
        assertEquals("alpha", select(null, null, "alpha").name());
        assertEquals("beta", select(null, null, null).name(),
                "without a name: gamma is unavailable and delta fails to start, so beta (20) wins over alpha (10)");
    }

    @Test
    void blankNamesFallThroughAndNamesIgnoreCaseAndSpaces() {
        assertEquals("alpha", select(" ", "", "alpha").name());
        assertEquals("alpha", select("  ALPHA ", null, null).name());
    }

    @Test
    void theHighestPriorityAvailableProviderWins() {
        FakeProvider top = FakeProvider.available("top", 500);
        List<Backends.Candidate> withTop = Backends.candidatesOf(List.of(alpha, top, gamma));
        assertEquals("top", Backends.select(null, NONE, NONE, withTop).name());
        assertEquals(0, alpha.created, "lower-priority providers are not instantiated");
    }

    @Test
    void anUnknownNameListsEveryProviderAndWhyEachUnavailableOneIsUnavailable() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> select("zeta", null, null));
        String message = e.getMessage();
        assertTrue(message.contains("unknown backend 'zeta' (requested in code)"), message);
        for (String name : List.of("alpha", "beta", "gamma", "delta")) {
            assertTrue(message.contains(name), () -> "should list " + name + ": " + message);
        }
        assertTrue(message.contains("gamma (priority 100): unavailable: needs the gamma chip: install it"), message);
        assertTrue(message.contains("alpha (priority 10): available"), message);
    }

    @Test
    void theMessageSaysWhereAnUnknownNameCameFrom() {
        assertTrue(assertThrows(BackendUnavailableException.class, () -> select(null, "zeta", null)).getMessage()
                .contains("system property dbn4j.backend"));
        assertTrue(assertThrows(BackendUnavailableException.class, () -> select(null, null, "zeta")).getMessage()
                .contains("environment variable DBN4J_BACKEND"));
    }

    @Test
    void namingAnUnavailableBackendThrowsWithItsReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> select(null, "gamma", "alpha"));
        assertTrue(e.getMessage().startsWith("backend 'gamma' (requested by system property dbn4j.backend) is "
                + "unavailable: needs the gamma chip: install it"), e.getMessage());
        assertTrue(e.getMessage().contains("providers found:"), e.getMessage());
    }

    @Test
    void namingABackendWhoseConstructionThrowsReportsTheCause() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> select("delta", null, null));
        assertTrue(e.getMessage().contains("backend 'delta' (requested in code) failed to start"), e.getMessage());
        assertTrue(e.getMessage().contains("delta could not open its device"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void withoutAnyUsableProviderTheMessageListsThemAll() {
        List<Backends.Candidate> broken = Backends.candidatesOf(List.of(gamma, delta));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.select(null, NONE, NONE, broken));
        assertTrue(e.getMessage().contains("no dbn4j backend can run here"), e.getMessage());
        assertTrue(e.getMessage().contains("needs the gamma chip"), e.getMessage());
        BackendUnavailableException none = assertThrows(BackendUnavailableException.class,
                () -> Backends.select(null, NONE, NONE, List.of()));
        assertTrue(none.getMessage().contains("no dbn4j backend on the class path"), none.getMessage());
    }

    @Test
    void aProviderWhoseAvailabilityCheckThrowsCountsAsUnavailable() {
        BackendProvider rude = new FakeProvider("rude", 900, true, "", false) {
            @Override
            public boolean isAvailable() {
                throw new IllegalStateException("probe crashed");
            }
        };
        List<Backends.Candidate> candidates = Backends.candidatesOf(List.of(rude, alpha));
        assertEquals("alpha", Backends.select(null, NONE, NONE, candidates).name());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.select("rude", NONE, NONE, candidates));
        assertTrue(e.getMessage().contains("isAvailable() threw java.lang.IllegalStateException: probe crashed"),
                e.getMessage());
    }

    @Test
    void aProviderThatFailsToLoadIsListedAndSkipped() {
        Iterable<BackendProvider> loader = () -> new Iterator<>() {
            private int position;

            @Override
            public boolean hasNext() {
                return position < 2;
            }

            @Override
            public BackendProvider next() {
                if (position >= 2) {
                    throw new NoSuchElementException();
                }
                if (position++ == 0) {
                    throw new ServiceConfigurationError("org.example.Broken: Provider could not be instantiated");
                }
                return alpha;
            }
        };
        List<Backends.Candidate> candidates = Backends.candidatesOf(loader);
        assertEquals("alpha", Backends.select(null, NONE, NONE, candidates).name());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.select("nope", NONE, NONE, candidates));
        assertTrue(e.getMessage().contains("org.example.Broken: Provider could not be instantiated"), e.getMessage());
    }

    @Test
    void serviceLoaderFindsRegisteredProviders() {
        List<Backends.ProviderStatus> found = Backends.providers();
        assertTrue(found.stream().anyMatch(p -> p.name().equals(ServiceLoadedTestProvider.NAME) && p.available()),
                found::toString);
        Backends.ProviderStatus never = found.stream().filter(p -> p.name().equals("test-never-available"))
                .findFirst().orElseThrow();
        assertFalse(never.available());
        assertTrue(never.unavailableReason().contains("run it on no machine"));
        assertEquals("test-never-available", found.get(0).name(), "sorted by priority, highest first");
        try (Backend b = Backends.create(ServiceLoadedTestProvider.NAME)) {
            assertEquals(ServiceLoadedTestProvider.NAME, b.name());
        }
    }

    @Test
    void theSystemPropertySelectsThroughTheRealEntryPoint() {
        String old = System.getProperty(Backends.SYSTEM_PROPERTY);
        System.setProperty(Backends.SYSTEM_PROPERTY, ServiceLoadedTestProvider.NAME);
        try (Backend b = Backends.create()) {
            assertEquals(ServiceLoadedTestProvider.NAME, b.name());
        } finally {
            if (old == null) {
                System.clearProperty(Backends.SYSTEM_PROPERTY);
            } else {
                System.setProperty(Backends.SYSTEM_PROPERTY, old);
            }
        }
    }
}
