/**
 * The backend technology compatibility kit: {@link org.dbn4j.tck.ReferenceBackend}, the scalar
 * oracle, and {@link org.dbn4j.tck.BackendContract}, the property-based test suite that every
 * backend module runs by subclassing it.
 */
package org.dbn4j.tck;
