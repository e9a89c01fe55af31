package org.switchboard.telephony.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter's packages ({@code agi}, {@code ami}, {@code internal}) depend without cycles. */
class PackageCyclesTest {

  @Test
  void theAdaptersPackagesHaveNoCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.switchboard.telephony");
    slices().matching("org.switchboard.telephony.(*)..").should().beFreeOfCycles().check(classes);
  }
}
