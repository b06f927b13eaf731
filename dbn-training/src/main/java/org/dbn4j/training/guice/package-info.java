/**
 * Guice wiring of the training pipeline: one small module per feature, each with
 * {@code @Provides} methods and no conditionals. Install one module of each kind, and swap a
 * strategy by installing another module or with {@code Modules.override}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new BackendModule("cpu-simd"),
 *         new CdModule(1),                       // or new PcdModule(1, 100)
 *         new RbmUpdateModule(0.1, 0, 0),
 *         new PretrainingModule(new int[] {500, 500, 2000}, 10, 100, 1),
 *         new AdamModule(1e-3),                  // or new SgdModule(0.1, 0.9)
 *         new FineTuningModule(20, 100, 1),
 *         ListenersModule.none(),
 *         new PipelineModule());
 * Dbn dbn = injector.getInstance(DbnPipeline.class).run(injector.getInstance(Backend.class), train, null);
 * }</pre>
 *
 * <p>Everything here can be built with constructors and builders alone (see
 * {@link org.dbn4j.training.DbnPipeline}); Guice is an optional dependency of dbn-training, so
 * applications that use these modules declare {@code com.google.inject:guice} themselves.
 */
package org.dbn4j.training.guice;
