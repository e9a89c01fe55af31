package org.switchboard.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/**
 * The EJB module's packages depend on one another without cycles: {@code domain.*} packages among
 * themselves, and the layers {@code domain} ← {@code routing} ← {@code application}, with {@code
 * infrastructure} beside them. Queries are written in the domain's repositories, not in {@code
 * application} or {@code routing}.
 */
class PackageCyclesTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.switchboard");

  @Test
  void theDomainPackagesHaveNoCycles() {
    slices().matching("org.switchboard.domain.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void routingDoesNotDependOnTheApplicationServices() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that()
        .resideInAPackage("org.switchboard.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.switchboard.application..")
        .check(CLASSES);
  }

  @Test
  void theDomainDependsOnNeitherRoutingNorTheApplication() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that()
        .resideInAPackage("org.switchboard.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.switchboard.routing..", "org.switchboard.application..")
        .check(CLASSES);
  }

  @Test
  void queriesLiveInRepositoriesNotInTheApplicationOrRouting() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that()
        .resideInAnyPackage("org.switchboard.application..", "org.switchboard.routing..")
        .should()
        .callMethodWhere(
            target(owner(assignableTo(EntityManager.class)))
                .and(target(nameMatching("create(Native|Named)?Query"))))
        .because("queries belong in the domain's repositories (issue 15)")
        .check(CLASSES);
  }
}
