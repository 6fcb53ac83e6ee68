package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The native image gets its reflection configuration from picocli-codegen, the annotation processor
 * in the compiler configuration ({@code -Aproject=groupId/artifactId}). This test reads what it
 * generated and checks that every picocli-annotated class of the main code, and every annotated
 * field, is in it.
 */
class PicocliReflectConfigTest {
  static final Path CONFIG_DIR = Path.of("target/classes/META-INF/native-image/picocli-generated");

  /** picocli annotations on fields and methods that picocli reads or writes reflectively. */
  static final Set<String> MEMBER_ANNOTATIONS =
      Set.of(
          CommandLine.Option.class.getName(),
          CommandLine.Parameters.class.getName(),
          CommandLine.Mixin.class.getName(),
          CommandLine.Spec.class.getName(),
          CommandLine.ParentCommand.class.getName(),
          CommandLine.ArgGroup.class.getName(),
          CommandLine.Unmatched.class.getName());

  static Path reflectConfig() {
    Pom pom = Pom.load();
    String group = pom.text("/project/groupId").orElseThrow();
    String artifact = pom.text("/project/artifactId").orElseThrow();
    return CONFIG_DIR.resolve(group + "/" + artifact + "/reflect-config.json");
  }

  static boolean picocliAnnotated(JavaMember member) {
    return member.getAnnotations().stream()
        .anyMatch(a -> MEMBER_ANNOTATIONS.contains(a.getRawType().getName()));
  }

  /**
   * Main classes that picocli instantiates or fills: @Command classes and classes with annotated
   * members.
   */
  static List<JavaClass> picocliClasses() {
    return NativeFriendlinessTest.MAIN.stream()
        .filter(
            c ->
                c.isAnnotatedWith(CommandLine.Command.class)
                    || c.getFields().stream().anyMatch(PicocliReflectConfigTest::picocliAnnotated)
                    || c.getMethods().stream().anyMatch(PicocliReflectConfigTest::picocliAnnotated))
        .toList();
  }

  @Test
  void theCompilerIsToldWhereToPutTheConfiguration() {
    Pom pom = Pom.load();
    String args =
        pom.text(
                "/project/build/plugins/plugin[*[local-name()='artifactId']='maven-compiler-plugin']"
                    + "/configuration/compilerArgs")
            .orElseThrow();
    assertThat(args).contains("-Aproject=${project.groupId}/${project.artifactId}");
    assertThat(
            pom.text(
                "/project/build/plugins/plugin[*[local-name()='artifactId']='maven-compiler-plugin']"
                    + "/configuration/annotationProcessorPaths/path/artifactId"))
        .contains("picocli-codegen");
  }

  @Test
  void everyPicocliClassAndAnnotatedFieldIsInTheGeneratedReflectConfig() throws Exception {
    List<JavaClass> classes = picocliClasses();
    assumeThat(classes.stream().anyMatch(c -> c.isAnnotatedWith(CommandLine.Command.class)))
        .as(
            "no @Command class in the main code yet (the CLI is written in issue 2): nothing to check")
        .isTrue();

    Path config = reflectConfig();
    assertThat(config).as("picocli-codegen's output").exists().isNotEmptyFile();
    JsonArray entries = JsonParser.array().from(Files.readString(config));
    assertThat(entries).as("entries of %s", config).isNotEmpty();
    Map<String, Set<String>> fieldsByClass = new HashMap<>();
    for (Object e : entries) {
      JsonObject entry = (JsonObject) e;
      JsonArray fields = entry.getArray("fields");
      Set<String> names =
          fields == null
              ? Set.of()
              : fields.stream()
                  .map(f -> ((JsonObject) f).getString("name"))
                  .collect(Collectors.toSet());
      fieldsByClass.put(entry.getString("name"), names);
    }

    for (JavaClass type : classes) {
      assertThat(fieldsByClass)
          .as("%s is in %s", type.getName(), config)
          .containsKey(type.getName());
      Set<String> annotated =
          type.getFields().stream()
              .filter(PicocliReflectConfigTest::picocliAnnotated)
              .map(JavaField::getName)
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(fieldsByClass.get(type.getName()))
          .as("annotated fields of %s in %s", type.getName(), config)
          .containsAll(annotated);
    }
  }
}
