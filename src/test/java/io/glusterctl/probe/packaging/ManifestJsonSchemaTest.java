package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.glusterctl.probe.packaging.KubernetesJsonSchemas.Verdict;
import io.glusterctl.probe.packaging.Manifest.Document;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * Every document of the manifest against the JSON Schemas of the Kubernetes OpenAPI spec (npm
 * {@code kubernetes-models}, see {@link KubernetesJsonSchemas}): what the Java models of {@link
 * ManifestSchemaTest} cannot see, above all enum values ({@code imagePullPolicy: Sometimes} is a
 * string to them). Each mutation test breaks a copy of the manifest in one place and shows that the
 * validation catches it.
 */
class ManifestJsonSchemaTest {
  private static KubernetesJsonSchemas schemas;
  private static RuntimeException unavailable;

  /**
   * Installs the schemas on first use; each test that needs them is skipped (or fails) with the
   * same reason when that is not possible, so the reason shows in every report.
   */
  private static synchronized KubernetesJsonSchemas schemas() {
    if (schemas == null && unavailable == null) {
      try {
        schemas = KubernetesJsonSchemas.install();
      } catch (RuntimeException e) {
        unavailable = e;
      }
    }
    if (unavailable != null) {
      throw unavailable;
    }
    return schemas;
  }

  @Test
  void everyDocumentOfTheManifestIsValid() {
    List<Document> docs = Manifest.load().documents();
    Verdict v = schemas().validate("manifest", trees(docs));
    assertThat(v.exitCode()).as(v.output()).isZero();
    assertThat(v.lines())
        .as(v.output())
        .containsAll(docs.stream().map(d -> d + ": ok").toList())
        .hasSize(docs.size() + 1);
  }

  @Test
  void anImagePullPolicyOutsideTheEnumIsRejected() {
    assertRejected(
        "imagePullPolicy: IfNotPresent",
        "imagePullPolicy: Sometimes",
        "#7 StatefulSet/glusterfs: /spec/template/spec/containers/0/imagePullPolicy"
            + " must be equal to one of the allowed values");
  }

  @Test
  void aPodManagementPolicyOutsideTheEnumIsRejected() {
    assertRejected(
        "podManagementPolicy: Parallel",
        "podManagementPolicy: Serial",
        "#7 StatefulSet/glusterfs: /spec/podManagementPolicy"
            + " must be equal to one of the allowed values");
  }

  @Test
  void aServicePortProtocolOutsideTheEnumIsRejected() {
    assertRejected(
        "      protocol: TCP\n    # No 24008",
        "      protocol: TPC\n    # No 24008",
        "#5 Service/glusterfs: /spec/ports/0/protocol must be equal to one of the allowed values");
  }

  @Test
  void aStringWhereTheApiWantsAnIntegerIsRejected() {
    assertRejected(
        "  replicas: 3\n",
        "  replicas: \"3\"\n",
        "#7 StatefulSet/glusterfs: /spec/replicas must be integer");
  }

  @Test
  void aStatefulSetWithoutSelectorIsRejected() {
    assertRejected(
        "  replicas: 3\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: glusterfs\n",
        "  replicas: 3\n",
        "#7 StatefulSet/glusterfs: /spec must have required property selector");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind: StatefulSett", "apiVersion: apps/v2"})
  void aKindOrApiVersionWithoutSchemaIsRejected(String replacement) {
    String original = replacement.startsWith("kind") ? "kind: StatefulSet" : "apiVersion: apps/v1";
    assertRejected(original, replacement, "no schema for apiVersion");
  }

  /**
   * The compiled schemas allow fields the API does not define, so a misspelt field passes here; the
   * strict read of {@link ManifestSchemaTest} is what catches it (and this test fails if either
   * changes).
   */
  @Test
  void anUnknownFieldPassesHereAndFailsTheStrictRead() {
    String yaml =
        mutated("terminationGracePeriodSeconds: 60", "terminationGracePeriodSecond: 60", "unknown");
    List<Document> docs = Manifest.parse(yaml).documents();
    Verdict v = schemas().validate("unknown-field", trees(docs));
    assertThat(v.exitCode()).as(v.output()).isZero();
    Document sts = docs.stream().filter(d -> d.kind().equals("StatefulSet")).findFirst().get();
    assertThatThrownBy(() -> Manifest.strict(sts, StatefulSet.class))
        .hasMessageContaining("terminationGracePeriodSecond");
  }

  @Test
  void withoutNodeTheTestIsSkippedLocallyAndFailsInCi() {
    assertThat(KubernetesJsonSchemas.unavailable("node is not on the PATH", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("node is not on the PATH");
    assertThat(KubernetesJsonSchemas.unavailable("node is not on the PATH", true))
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("CI=true");
  }

  private static void assertRejected(String original, String replacement, String expectedLine) {
    String yaml = mutated(original, replacement, expectedLine);
    Verdict v =
        schemas()
            .validate(
                "mutation-" + Integer.toHexString(replacement.hashCode()),
                trees(Manifest.parse(yaml).documents()));
    assertThat(v.exitCode()).as(v.output()).isEqualTo(1);
    assertThat(v.lines()).as(v.output()).anyMatch(l -> l.contains(expectedLine));
  }

  private static String mutated(String original, String replacement, String what) {
    String yaml = Manifest.read(Manifest.FILE);
    assertThat(yaml)
        .as("the manifest holds %s once (for: %s)", original, what)
        .containsOnlyOnce(original);
    return yaml.replace(original, replacement);
  }

  private static List<JsonNode> trees(List<Document> docs) {
    return docs.stream().map(Document::tree).toList();
  }
}
