package dev.breakwater.xds;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure core's shape: packages without cycles, layers that only point one way. */
class ArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.breakwater.xds");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.breakwater.xds.(*)..").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void theModelDependsOnNothingOfTheCore() {
    noClasses().that().resideInAPackage("..xds.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..xds.policy..", "..xds.policies..", "..xds.translate..", "..xds.envoy..",
            "..xds.read..", "..xds.ir..", "..xds.snapshot..")
        .check(CORE);
  }

  @Test
  void kindsDoNotKnowEachOtherNorTheFactories() {
    noClasses().that().resideInAPackage("..xds.policies.*..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..xds.envoy..", "..xds.translate..", "..xds.read..")
        .check(CORE);
    slices().matching("dev.breakwater.xds.policies.(*)..").should().notDependOnEachOther()
        .check(CORE);
  }

  @Test
  void noPackageRepeatsItsParentsName() {
    noClasses().should().resideInAPackage("..xds.xds..").check(CORE);
  }

  @Test
  void onlyTheReaderTouchesTheSchemaLibraries() {
    noClasses().that().resideOutsideOfPackages("..xds.schema..", "..xds.check..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.networknt..", "dev.cel..", "com.google.re2j..")
        .check(CORE);
  }
}
