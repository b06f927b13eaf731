/**
 * Discovery and selection of compute backends through {@link java.util.ServiceLoader}.
 *
 * <p>A backend module registers a {@link org.dbn4j.backend.BackendProvider} in
 * {@code META-INF/services/org.dbn4j.backend.BackendProvider}; applications obtain a backend
 * from {@link org.dbn4j.backend.Backends}.
 */
package org.dbn4j.backend;
