package io.fauxtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.workflow.WorkflowDatabase;
import io.fauxtp.spring.workflow.WorkflowRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextManager;

/**
 * Two test contexts of {@link FauxtpTest} (two test classes of different configurations, loaded the way the
 * Spring TestContext framework loads them) each have a private in-memory store: a run started in one is not seen
 * in the other, and the development file the application's configuration names is never created.
 */
class IsolatedStoreTests {

    /** The file application.yml names for the store ({@code fauxtp.workflow.store.h2-path}). */
    static final Path DEVELOPMENT_FILE = Path.of("target/development/fauxtp-workflows.mv.db");

    @SpringBootTest(classes = RestockApplication.class, properties = "isolation=first")
    @FauxtpTest
    static class FirstContext {

    }

    @SpringBootTest(classes = RestockApplication.class, properties = "isolation=second")
    @FauxtpTest
    static class SecondContext {

    }

    @Test
    void twoContextsDoNotSeeEachOthersRunsAndTheDevelopmentFileIsNotTouched() throws Exception {
        Files.deleteIfExists(DEVELOPMENT_FILE);   // a test-only path under target/: left by an earlier failure
        TestContext first = new TestContextManager(FirstContext.class).getTestContext();
        TestContext second = new TestContextManager(SecondContext.class).getTestContext();
        try {
            ApplicationContext one = first.getApplicationContext();
            ApplicationContext two = second.getApplicationContext();
            assertThat(one).isNotSameAs(two);

            one.getBean(WorkflowRuns.class).start("restock", "restock-1", "bolts");

            assertThat(one.getBean(WorkflowRuns.class).find("restock-1")).isPresent();
            assertThat(two.getBean(WorkflowRuns.class).find("restock-1")).as("the other context's run").isEmpty();
            assertThat(two.getBean(WorkflowRuns.class).list()).isEmpty();
            String storeOfOne = one.getBean(WorkflowDatabase.class).description();
            String storeOfTwo = two.getBean(WorkflowDatabase.class).description();
            assertThat(storeOfOne).contains("jdbc:h2:mem:fauxtp-test-").isNotEqualTo(storeOfTwo);
            assertThat(storeOfTwo).contains("jdbc:h2:mem:fauxtp-test-");
            assertThat(DEVELOPMENT_FILE).as("the development store file").doesNotExist();
        }
        finally {
            first.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
            second.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
        }
        assertThat(Files.exists(DEVELOPMENT_FILE)).isFalse();
    }

}
