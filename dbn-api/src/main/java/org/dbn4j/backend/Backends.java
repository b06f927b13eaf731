package org.dbn4j.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.dbn4j.tensor.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backends with {@link ServiceLoader} and applies the one selection rule:
 *
 * <ol>
 *   <li>a name given in code ({@link #create(String)});
 *   <li>else the system property {@value #SYSTEM_PROPERTY};
 *   <li>else the environment variable {@value #ENVIRONMENT_VARIABLE};
 *   <li>else the available provider with the highest priority.
 * </ol>
 *
 * <p>A name that is unknown or names an unavailable backend throws
 * {@link BackendUnavailableException} listing every provider found and why each unavailable one
 * is unavailable. Without a name, a provider that is unavailable or fails to start is skipped
 * with one warning that says how to fix it. The chosen backend is logged once at INFO.
 */
public final class Backends {

    /** The system property that names the backend when code does not. */
    public static final String SYSTEM_PROPERTY = "dbn4j.backend";

    /** The environment variable that names the backend when neither code nor property does. */
    public static final String ENVIRONMENT_VARIABLE = "DBN4J_BACKEND";

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private static final int MAX_LOAD_FAILURES = 64;

    private Backends() {
    }

    /**
     * Creates the backend chosen by the system property, the environment variable or, failing
     * both, the highest-priority available provider.
     *
     * @return a new backend, which the caller closes
     * @throws BackendUnavailableException if the named backend cannot be created, or none can
     */
    public static Backend create() {
        return create(null);
    }

    /**
     * Creates the named backend; a null or blank name falls back to the rest of the rule, as in
     * {@link #create()}.
     *
     * @param name a provider name such as {@code "cpu-simd"}, case-insensitive; may be null
     * @return a new backend, which the caller closes
     * @throws BackendUnavailableException if the backend is unknown, unavailable or fails to
     *     start
     */
    public static Backend create(String name) {
        return select(name, System::getProperty, System::getenv, discover());
    }

    /**
     * Describes every provider on the class path, highest priority first: name, priority and
     * availability, with the reason for each unavailable one.
     *
     * @return one entry per provider found
     */
    public static List<ProviderStatus> providers() {
        List<ProviderStatus> out = new ArrayList<>();
        for (Candidate c : discover()) {
            out.add(new ProviderStatus(c.name, c.priority, c.available, c.reason));
        }
        return List.copyOf(out);
    }

    /**
     * What is known about one discovered provider.
     *
     * @param name the provider's name
     * @param priority its priority
     * @param available whether it can run in this JVM
     * @param unavailableReason why not, with the fix; empty when available
     */
    public record ProviderStatus(String name, int priority, boolean available, String unavailableReason) {
        @Override
        public String toString() {
            return describe(name, priority, available, unavailableReason);
        }
    }

    // ------------------------------------------------------------------ the rule

    static Backend select(String explicitName, Function<String, String> properties,
                          Function<String, String> environment, List<Candidate> candidates) {
        String name = blankToNull(explicitName);
        String source = "requested in code";
        if (name == null) {
            name = blankToNull(properties.apply(SYSTEM_PROPERTY));
            source = "requested by system property " + SYSTEM_PROPERTY;
        }
        if (name == null) {
            name = blankToNull(environment.apply(ENVIRONMENT_VARIABLE));
            source = "requested by environment variable " + ENVIRONMENT_VARIABLE;
        }
        return name != null ? createNamed(name, source, candidates) : createBest(candidates);
    }

    private static Backend createNamed(String name, String source, List<Candidate> candidates) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Candidate c : candidates) {
            if (c.provider == null || !c.name.toLowerCase(Locale.ROOT).equals(wanted)) {
                continue;
            }
            if (!c.available) {
                throw new BackendUnavailableException("backend '" + name + "' (" + source + ") is unavailable: "
                        + c.reason + "\n" + listing(candidates));
            }
            try {
                return announce(c.provider.create(), null);
            } catch (RuntimeException | LinkageError e) {
                throw new BackendUnavailableException("backend '" + name + "' (" + source + ") failed to start: "
                        + e + "\n" + listing(candidates), e);
            }
        }
        throw new BackendUnavailableException("unknown backend '" + name + "' (" + source + ")\n" + listing(candidates));
    }

    private static Backend createBest(List<Candidate> candidates) {
        List<String> skipped = new ArrayList<>();
        RuntimeException firstFailure = null;
        for (Candidate c : candidates) {
            if (c.provider == null) {
                continue;
            }
            if (!c.available) {
                skipped.add(c.name + " is unavailable (" + c.reason + ")");
                continue;
            }
            try {
                Backend backend = c.provider.create();
                return announce(backend, skipped.isEmpty() ? null : String.join("; ", skipped));
            } catch (RuntimeException | LinkageError e) {
                skipped.add(c.name + " failed to start (" + e + ")");
                if (firstFailure == null) {
                    firstFailure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            }
        }
        String message = candidates.isEmpty()
                ? "no dbn4j backend on the class path: add a backend module such as dbn-cpu-simd or dbn-nd4j"
                : "no dbn4j backend can run here\n" + listing(candidates);
        throw new BackendUnavailableException(message, firstFailure);
    }

    private static Backend announce(Backend backend, String fallbackNote) {
        if (fallbackNote != null && LOGGED.add("fallback:" + fallbackNote)) {
            LOG.warn("dbn4j falls back to backend {}: {}", backend.name(), fallbackNote);
        }
        String line = "backend " + backend.name() + ": " + backend.description();
        if (LOGGED.add(line)) {
            LOG.info(line);
        }
        return backend;
    }

    private static String listing(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "no providers found on the class path (add a backend module such as dbn-cpu-simd or dbn-nd4j)";
        }
        StringBuilder sb = new StringBuilder("providers found:");
        for (Candidate c : candidates) {
            sb.append("\n  ").append(describe(c.name, c.priority, c.available, c.reason));
        }
        return sb.toString();
    }

    private static String describe(String name, int priority, boolean available, String reason) {
        return name + " (priority " + priority + "): " + (available ? "available" : "unavailable: " + reason);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ------------------------------------------------------------------ discovery

    /** A provider as discovered: its answers are read once, and failures become reasons. */
    static final class Candidate {
        final String name;
        final int priority;
        final boolean available;
        final String reason;
        final BackendProvider provider;

        private Candidate(String name, int priority, boolean available, String reason, BackendProvider provider) {
            this.name = name;
            this.priority = priority;
            this.available = available;
            this.reason = reason;
            this.provider = provider;
        }

        static Candidate of(BackendProvider provider) {
            String name;
            int priority;
            try {
                name = provider.name();
                priority = provider.priority();
            } catch (RuntimeException | LinkageError e) {
                return new Candidate(provider.getClass().getName(), Integer.MIN_VALUE, false,
                        "the provider failed to describe itself: " + e, null);
            }
            boolean available;
            String reason;
            try {
                available = provider.isAvailable();
                reason = available ? "" : String.valueOf(provider.unavailableReason());
            } catch (RuntimeException | LinkageError e) {
                available = false;
                reason = "isAvailable() threw " + e;
            }
            return new Candidate(name, priority, available, reason, provider);
        }

        static Candidate failedToLoad(ServiceConfigurationError e) {
            return new Candidate("(provider that failed to load)", Integer.MIN_VALUE, false, String.valueOf(e.getMessage()),
                    null);
        }
    }

    static List<Candidate> candidatesOf(Iterable<? extends BackendProvider> providers) {
        List<Candidate> out = new ArrayList<>();
        Iterator<? extends BackendProvider> it = providers.iterator();
        int failures = 0;
        while (failures < MAX_LOAD_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(Candidate.of(it.next()));
            } catch (ServiceConfigurationError e) {
                // ServiceLoader moves past a provider that fails to load; the cap guards against a
                // broken configuration file that fails the same way forever.
                out.add(Candidate.failedToLoad(e));
                failures++;
            }
        }
        out.sort(Comparator.comparingInt((Candidate c) -> c.priority).reversed()
                .thenComparing(c -> c.name));
        return out;
    }

    private static List<Candidate> discover() {
        return candidatesOf(ServiceLoader.load(BackendProvider.class));
    }
}
