package io.glusterctl.probe.parse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The parsers depend on the model and the JDK only: no process, file, network or reflection. */
class ParsersArePureTest {
  private static final JavaClasses PARSE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.glusterctl.probe.parse");

  @Test
  void dependOnlyOnTheModelAndTheJdksLanguageCollectionsAndXml() {
    classes()
        .that()
        .resideInAPackage("io.glusterctl.probe.parse")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.glusterctl.probe.parse",
            "io.glusterctl.probe.model",
            "java.lang",
            "java.util..",
            "java.io",
            "javax.xml",
            "javax.xml.parsers",
            "org.w3c.dom",
            "org.xml.sax")
        .check(PARSE);
  }

  @Test
  void touchNoFilesProcessesOrReflection() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("java.lang.reflect", "java.nio.file", "java.net")
        .orShould()
        .dependOnClassesThat()
        .haveNameMatching("java\\.io\\.File.*")
        .check(PARSE);
  }
}
