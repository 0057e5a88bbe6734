package io.fauxtp.cluster.hazelcast.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of fauxtp-cluster-hazelcast, checked on its compiled classes: it uses fauxtp-core and
 * fauxtp-autoconfigure through their public API only (the core through {@code io.fauxtp.process.spi}, never an
 * {@code internal} package of another module), and its packages depend on each other without cycles.
 */
class ClusterArchitectureTest {

    private static final JavaClasses CLUSTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fauxtp.cluster");

    @Test
    void internalPackagesOfOtherModulesAreNotUsed() {
        noClasses()
                .should().dependOnClassesThat(resideInAPackage("io.fauxtp..internal..")
                        .and(not(resideInAPackage("io.fauxtp.cluster.."))))
                .because("an internal package is used only inside its own module; use the public API")
                .check(CLUSTER);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.fauxtp.cluster.hazelcast.(*)..")
                .namingSlices("io.fauxtp.cluster.hazelcast.$1")
                .should().beFreeOfCycles()
                .check(CLUSTER);
    }
}
