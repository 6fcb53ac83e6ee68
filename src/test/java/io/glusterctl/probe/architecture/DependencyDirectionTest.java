package io.glusterctl.probe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction: the model and the planner at the bottom, importing nothing of the
 * command line, the process runner, DNS, the API or the state directory; the edges at the top.
 */
class DependencyDirectionTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.glusterctl.probe");

  @Test
  void theModelDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("io.glusterctl.probe.model")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.glusterctl.probe.model", "java.lang", "java.util..", "java.time")
        .check(MAIN);
  }

  @Test
  void thePlannerIsPure() {
    classes()
        .that()
        .resideInAPackage("io.glusterctl.probe.plan")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.glusterctl.probe.plan",
            "io.glusterctl.probe.model",
            "java.lang",
            "java.util..",
            "java.time")
        .check(MAIN);
  }

  @Test
  void nothingBelowTheCommandLineKnowsIt() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.glusterctl.probe.cli")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.glusterctl.probe.cli")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(MAIN);
  }

  @Test
  void theReconcilerSeesGlusterdOnlyThroughItsPort() {
    noClasses()
        .that()
        .resideInAnyPackage("io.glusterctl.probe.reconcile", "io.glusterctl.probe.repair")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.glusterctl.probe.exec", "io.glusterctl.probe.observe", "io.glusterctl.probe.state")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .check(MAIN);
  }

  @Test
  void noShellAnywhere() {
    noClasses().should().callMethod(Runtime.class, "exec", String.class).check(MAIN);
  }
}
