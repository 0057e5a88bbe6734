package io.fauxtp.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Test support for an application on the fauxtp starter, next to {@code @SpringBootTest} (as Spring Batch's
 * {@code @SpringBatchTest}):
 * <ul>
 * <li>the test context gets a private in-memory workflow store, an H2 database of a unique name that lives as long
 * as the context: never the development file ({@code ./data/fauxtp-workflows} or
 * {@code fauxtp.workflow.store.h2-path}) nor the application's {@code DataSource}, so two contexts never see each
 * other's runs;</li>
 * <li>an {@link EffectRecorder} bean records every call of the workflows' effect handlers and replaces a
 * handler's answers for one test; both are reset after each test method;</li>
 * <li>a {@link ProcessTester} bean awaits a named process, crashes one and waits for its restart;</li>
 * <li>a {@link WorkflowTester} bean drives a run to its next wait.</li>
 * </ul>
 * Test classes with the same configuration share one context (Spring's context cache), and so one store: give a
 * test that must start from an empty store its own configuration or {@code @DirtiesContext}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface FauxtpTest {

}
