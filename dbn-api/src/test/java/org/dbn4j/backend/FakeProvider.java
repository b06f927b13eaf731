package org.dbn4j.backend;

import java.lang.reflect.Proxy;
import org.dbn4j.tensor.Backend;

/** A provider whose answers are set by the test; it creates inert backends that know their name. */
class FakeProvider implements BackendProvider {
    final String name;
    final int priority;
    final boolean available;
    final String reason;
    final boolean createThrows;
    int created;

    FakeProvider(String name, int priority, boolean available, String reason, boolean createThrows) {
        this.name = name;
        this.priority = priority;
        this.available = available;
        this.reason = reason;
        this.createThrows = createThrows;
    }

    static FakeProvider available(String name, int priority) {
        return new FakeProvider(name, priority, true, "", false);
    }

    static FakeProvider unavailable(String name, int priority, String reason) {
        return new FakeProvider(name, priority, false, reason, false);
    }

    static FakeProvider throwingOnCreate(String name, int priority) {
        return new FakeProvider(name, priority, true, "", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public String unavailableReason() {
        return reason;
    }

    @Override
    public Backend create() {
        if (createThrows) {
            throw new IllegalStateException(name + " could not open its device");
        }
        created++;
        return inertBackend(name);
    }

    static Backend inertBackend(String name) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "name":
                            return name;
                        case "description":
                            return "inert test backend";
                        case "toString":
                            return name;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "close":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName() + " on an inert test backend");
                    }
                });
    }
}
