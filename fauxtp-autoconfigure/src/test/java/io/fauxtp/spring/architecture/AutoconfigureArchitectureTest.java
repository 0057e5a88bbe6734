package io.fauxtp.spring.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of fauxtp-autoconfigure, checked on its compiled classes: it uses fauxtp-core through its public
 * API only (never an {@code internal} package of another module), and its packages depend on each other without
 * cycles. See docs/architecture.md.
 */
class AutoconfigureArchitectureTest {

    private static final JavaClasses AUTOCONFIGURE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fauxtp.spring");

    @Test
    void internalPackagesOfOtherModulesAreNotUsed() {
        noClasses()
                .should().dependOnClassesThat(resideInAPackage("io.fauxtp..internal..")
                        .and(not(resideInAPackage("io.fauxtp.spring.."))))
                .because("an internal package is used only inside its own module; use fauxtp-core's public API")
                .check(AUTOCONFIGURE);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.fauxtp.spring.(*)..")
                .namingSlices("io.fauxtp.spring.$1")
                .should().beFreeOfCycles()
                .check(AUTOCONFIGURE);
    }
}
