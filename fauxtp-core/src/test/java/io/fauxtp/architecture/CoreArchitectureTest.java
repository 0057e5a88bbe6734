package io.fauxtp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of fauxtp-core, checked on its compiled classes: it is plain Java (no Spring, no Hazelcast, nothing
 * of the modules built on it) and its packages ({@code process}, {@code genserver}, {@code supervisor}, ..., each
 * with its {@code internal} package) depend on each other without cycles. See docs/architecture.md.
 */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fauxtp");

    @Test
    void coreUsesNeitherSpringNorHazelcastNorTheModulesBuiltOnIt() {
        noClasses()
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "com.hazelcast..", "io.fauxtp.spring..", "io.fauxtp.cluster..")
                .because("fauxtp-core is plain Java: Spring and the cluster are built on it, never the other way")
                .check(CORE);
    }

    @Test
    void noTextClassAsksTheJdkForACharactersCategory() {
        noClasses().that().resideInAPackage("io.fauxtp.text..")
                .should().callMethod(Character.class, "getType", int.class)
                .orShould().callMethod(Character.class, "getType", char.class)
                .because("the pinned PrintableTable decides what is printable, not the running JDK's Unicode "
                        + "version (see PrintableTableTest)")
                .check(CORE);
    }

    @Test
    void corePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.fauxtp.(*)..")
                .namingSlices("io.fauxtp.$1")
                .should().beFreeOfCycles()
                .check(CORE);
    }
}
