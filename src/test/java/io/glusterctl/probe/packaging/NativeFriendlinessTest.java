package io.glusterctl.probe.packaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.glusterctl.probe.packaging.fixture.ReflectiveCode;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The program must run as a GraalVM native image, where reflection, dynamic proxies, class loading
 * by name, resource lookups, service loading and Java serialization only work for what the image's
 * configuration lists. picocli-codegen generates that configuration for the command classes;
 * everything else in the main code stays off these mechanisms, which this build-time check enforces
 * (GraalVM cannot run here).
 */
class NativeFriendlinessTest {

  /**
   * Main classes allowed to use one of the mechanisms, each with the configuration that covers it.
   * Empty: picocli's own reflection is covered by the generated reflect-config.json and needs no
   * entry here.
   */
  static final Set<String> ALLOWED = Set.of();

  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.glusterctl.probe");

  static final DescribedPredicate<JavaClass> ALLOWED_CLASS =
      DescribedPredicate.describe("allow-listed", c -> ALLOWED.contains(c.getName()));

  /** Calls of these methods need native-image configuration (or do not work in an image at all). */
  static final List<String[]> FORBIDDEN_CALLS =
      List.of(
          new String[] {Class.class.getName(), "forName"},
          new String[] {Class.class.getName(), "newInstance"},
          new String[] {Class.class.getName(), "getResource"},
          new String[] {Class.class.getName(), "getResourceAsStream"},
          new String[] {ClassLoader.class.getName(), "loadClass"},
          new String[] {ClassLoader.class.getName(), "getResource"},
          new String[] {ClassLoader.class.getName(), "getResources"},
          new String[] {ClassLoader.class.getName(), "getResourceAsStream"},
          new String[] {ClassLoader.class.getName(), "getSystemResource"},
          new String[] {ClassLoader.class.getName(), "getSystemResources"},
          new String[] {ClassLoader.class.getName(), "getSystemResourceAsStream"},
          new String[] {ServiceLoader.class.getName(), "load"},
          new String[] {ServiceLoader.class.getName(), "loadInstalled"});

  static final DescribedPredicate<JavaAccess<?>> A_FORBIDDEN_CALL =
      DescribedPredicate.describe(
          "a call of Class.forName/newInstance/getResource*, ClassLoader.loadClass/getResource*, ServiceLoader.load*",
          access ->
              FORBIDDEN_CALLS.stream()
                  .anyMatch(
                      m ->
                          access.getTargetOwner().getName().equals(m[0])
                              && access.getTarget().getName().equals(m[1])));

  static final ArchRule NO_REFLECTION =
      noClasses()
          .that(DescribedPredicate.not(ALLOWED_CLASS))
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.lang.reflect..")
          .because(
              "reflection (java.lang.reflect, Proxy) only works in a native image for what its configuration lists");

  static final ArchRule NO_DYNAMIC_LOOKUP =
      noClasses()
          .that(DescribedPredicate.not(ALLOWED_CLASS))
          .should()
          .accessTargetWhere(A_FORBIDDEN_CALL)
          .because(
              "classes and resources looked up by name at run time are missing from a native image");

  static final ArchRule NO_METHOD_HANDLE_LOOKUP_OR_SERIALIZATION =
      noClasses()
          .that(DescribedPredicate.not(ALLOWED_CLASS))
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(
              MethodHandles.Lookup.class, ObjectInputStream.class, ObjectOutputStream.class)
          .because(
              "method handles found by name and Java serialization need native-image configuration");

  @Test
  void theMainCodeIsImported() {
    assertThat(MAIN).as("main classes under io.glusterctl.probe").isNotEmpty();
    assertThat(MAIN.stream().map(JavaClass::getName)).noneMatch(n -> n.contains(".packaging."));
  }

  @Test
  void mainCodeUsesNoReflectionOrProxies() {
    NO_REFLECTION.check(MAIN);
  }

  @Test
  void mainCodeLoadsNoClassesOrResourcesByName() {
    NO_DYNAMIC_LOOKUP.check(MAIN);
  }

  @Test
  void mainCodeUsesNoMethodHandleLookupOrJavaSerialization() {
    NO_METHOD_HANDLE_LOOKUP_OR_SERIALIZATION.check(MAIN);
  }

  @Test
  void theRulesFlagCodeThatUsesTheseMechanisms() {
    JavaClasses fixture = new ClassFileImporter().importClasses(ReflectiveCode.class);
    EvaluationResult reflection = NO_REFLECTION.evaluate(fixture);
    EvaluationResult lookup = NO_DYNAMIC_LOOKUP.evaluate(fixture);
    assertThat(reflection.hasViolation()).isTrue();
    assertThat(reflection.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("java.lang.reflect.Proxy.newProxyInstance"));
    assertThat(lookup.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("Class.forName"))
        .anyMatch(d -> d.contains("Class.getResourceAsStream"))
        .anyMatch(d -> d.contains("ClassLoader.getResourceAsStream"));
  }
}
