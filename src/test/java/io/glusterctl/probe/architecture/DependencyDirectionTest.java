package io.glusterctl.probe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.observe.DesiredMembersSource;
import io.glusterctl.probe.observe.Observation;
import java.util.Set;
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

  /**
   * The ports and values the reconciler and the repair may use from the edges' packages: the run's
   * deadline and clock, and the desired-members port with its observation. Nothing that runs a
   * process, asks DNS or the API, or touches the state directory.
   */
  private static final DescribedPredicate<JavaClass> PORTS =
      DescribedPredicate.describe(
          "a port or value (Deadline, Time, DesiredMembersSource, Observation)",
          c ->
              Set.of(Deadline.class, Time.class, DesiredMembersSource.class, Observation.class)
                  .stream()
                  .anyMatch(c::isEquivalentTo));

  @Test
  void theReconcilerSeesGlusterdOnlyThroughItsPort() {
    noClasses()
        .that()
        .resideInAnyPackage("io.glusterctl.probe.reconcile", "io.glusterctl.probe.repair")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAnyPackage(
                    "io.glusterctl.probe.exec",
                    "io.glusterctl.probe.observe",
                    "io.glusterctl.probe.state")
                .and(DescribedPredicate.not(PORTS)))
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .check(MAIN);
  }

  /**
   * The verdicts are pure functions of what a run saw and did: they run nothing, ask nothing, read
   * or write no file and print nothing (the commands print them).
   */
  @Test
  void theVerdictsArePure() {
    noClasses()
        .that()
        .resideInAPackage("io.glusterctl.probe.verdict")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.glusterctl.probe.exec",
            "io.glusterctl.probe.observe",
            "io.glusterctl.probe.state",
            "io.glusterctl.probe.run",
            "io.glusterctl.probe.cli",
            "picocli..",
            "java.io..",
            "java.net..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .check(MAIN);
  }

  /**
   * The commands call the runs, and the runs the verdicts, never the other way round: a run knows
   * neither the command line nor picocli, says its problems through the consumer it is given (it
   * prints nothing itself), and only the commands call it.
   */
  @Test
  void theCommandsCallTheRunsAndTheRunsTheVerdicts() {
    noClasses()
        .that()
        .resideInAPackage("io.glusterctl.probe.run")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.glusterctl.probe.cli", "picocli..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.PrintStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.PrintWriter")
        .check(MAIN);
    classes()
        .that()
        .resideInAPackage("io.glusterctl.probe.run")
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage("io.glusterctl.probe.run", "io.glusterctl.probe.cli")
        .check(MAIN);
  }

  @Test
  void noShellAnywhere() {
    noClasses().should().callMethod(Runtime.class, "exec", String.class).check(MAIN);
  }
}
