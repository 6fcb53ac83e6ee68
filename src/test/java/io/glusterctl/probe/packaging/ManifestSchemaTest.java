package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.glusterctl.probe.packaging.Manifest.Document;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StorageClass;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document of the manifest against two models generated from the Kubernetes API's OpenAPI
 * schema: fabric8's kubernetes-model (typed, strict: unknown fields and wrong scalar types fail)
 * and the official Kubernetes Java client's models (their {@code validateJsonElement}: required
 * fields, unknown fields, types).
 */
class ManifestSchemaTest {

  /** The official client's validator for each kind the manifest holds. */
  interface OpenApiValidator {
    void validate(JsonElement json) throws IOException;
  }

  static final Map<String, OpenApiValidator> OPENAPI =
      Map.of(
          "Namespace", V1Namespace::validateJsonElement,
          "StorageClass", V1StorageClass::validateJsonElement,
          "ServiceAccount", V1ServiceAccount::validateJsonElement,
          "Role", V1Role::validateJsonElement,
          "RoleBinding", V1RoleBinding::validateJsonElement,
          "Service", V1Service::validateJsonElement,
          "PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement,
          "StatefulSet", V1StatefulSet::validateJsonElement);

  static Stream<Document> documents() {
    return Manifest.load().documents().stream();
  }

  @Test
  void theManifestHoldsExactlyOneDocumentOfEachKind() {
    List<String> kinds = Manifest.load().documents().stream().map(Document::kind).toList();
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(Manifest.KINDS.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void eachDocumentReadsStrictlyIntoTheFabric8ModelOfItsKind(Document doc) {
    Class<? extends HasMetadata> type = Manifest.KINDS.get(doc.kind());
    assertThat(type).as("a model class for kind %s", doc.kind()).isNotNull();
    HasMetadata resource = Manifest.strict(doc, type);
    assertThat(doc.apiVersion())
        .as("apiVersion of %s", doc)
        .isEqualTo(HasMetadata.getApiVersion(type));
    assertThat(resource.getKind()).isEqualTo(HasMetadata.getKind(type));
    assertThat(resource.getMetadata().getName())
        .as("metadata.name of %s", doc)
        .matches(KubernetesNames.DNS1123_SUBDOMAIN);
    assertThat(resource.getMetadata().getNamespace())
        .as("%s leaves the namespace to `kubectl -n`", doc)
        .isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void eachDocumentPassesTheOpenApiValidationOfTheKubernetesJavaClient(Document doc)
      throws IOException {
    OpenApiValidator validator = OPENAPI.get(doc.kind());
    assertThat(validator).as("an OpenAPI validator for kind %s", doc.kind()).isNotNull();
    validator.validate(JsonParser.parseString(doc.tree().toString()));
  }

  // --- the checks above can fail: each of these breaks a copy of the manifest in one place
  // ----------------

  @Test
  void aMisspelledFieldFailsTheStrictRead() {
    Document doc =
        statefulSetDocumentOf(
            Manifest.read(Manifest.FILE)
                .replace("terminationGracePeriodSeconds: 60", "terminationGracePeriod: 60"));
    assertThatThrownBy(() -> Manifest.strict(doc, StatefulSet.class))
        .hasMessageContaining("Unrecognized field \"terminationGracePeriod\"");
  }

  @Test
  void aNumberWhereTheApiWantsAStringFailsTheStrictRead() {
    Document doc =
        statefulSetDocumentOf(Manifest.read(Manifest.FILE).replace("value: text", "value: 10"));
    assertThatThrownBy(() -> Manifest.strict(doc, StatefulSet.class))
        .hasMessageContaining("Cannot coerce Integer value (10) to `java.lang.String`");
  }

  @Test
  void aContainerWithoutANameFailsTheOpenApiValidation() {
    Document doc =
        statefulSetDocumentOf(
            Manifest.read(Manifest.FILE)
                .replace("        - name: glusterfs\n          # Build", "        - # Build"));
    assertThatThrownBy(
            () ->
                OPENAPI.get("StatefulSet").validate(JsonParser.parseString(doc.tree().toString())))
        .hasMessageContaining("The required field `name` is not found");
  }

  @Test
  void anUnknownFieldFailsTheOpenApiValidation() {
    Document doc =
        statefulSetDocumentOf(
            Manifest.read(Manifest.FILE)
                .replace(
                    "podManagementPolicy: Parallel",
                    "podManagementPolicy: Parallel\n  hostNetwork: false"));
    assertThatThrownBy(
            () ->
                OPENAPI.get("StatefulSet").validate(JsonParser.parseString(doc.tree().toString())))
        .hasMessageContaining(
            "The field `hostNetwork` in the JSON string is not defined in the `V1StatefulSetSpec`");
  }

  private static Document statefulSetDocumentOf(String yaml) {
    return Manifest.parse(yaml).documents().stream()
        .filter(d -> d.kind().equals("StatefulSet"))
        .findFirst()
        .orElseThrow();
  }
}
