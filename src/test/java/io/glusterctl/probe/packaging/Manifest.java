package io.glusterctl.probe.packaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * k8s/glusterfs-all-in-one.yaml, read strictly into fabric8's Kubernetes model: a field the API
 * does not define, a scalar of the wrong type or a duplicate key fails the read, as the API server
 * would refuse it.
 */
final class Manifest {
  static final Path FILE = Path.of("k8s/glusterfs-all-in-one.yaml");

  /** The kinds this manifest holds, with the model class for each. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Namespace", Namespace.class,
          "StorageClass", StorageClass.class,
          "ServiceAccount", ServiceAccount.class,
          "Role", Role.class,
          "RoleBinding", RoleBinding.class,
          "Service", Service.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "StatefulSet", StatefulSet.class);

  /** One YAML document of the file: its position, its raw tree and its kind. */
  record Document(int index, JsonNode tree) {
    String kind() {
      return tree.path("kind").asText("");
    }

    String apiVersion() {
      return tree.path("apiVersion").asText("");
    }

    String name() {
      return tree.path("metadata").path("name").asText("");
    }

    @Override
    public String toString() {
      return "#" + index + " " + kind() + "/" + name();
    }
  }

  private final List<Document> documents;

  private Manifest(List<Document> documents) {
    this.documents = List.copyOf(documents);
  }

  static Manifest load() {
    return parse(read(FILE));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Manifest parse(String yaml) {
    List<Document> docs = new ArrayList<>();
    try (var it = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          docs.add(new Document(docs.size(), node));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Manifest(docs);
  }

  List<Document> documents() {
    return documents;
  }

  /**
   * Reads one document into its fabric8 model class; throws on anything the API would not accept.
   */
  static <T extends HasMetadata> T strict(Document doc, Class<T> type) {
    try {
      return STRICT.treeToValue(doc.tree(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(doc + ": " + e.getOriginalMessage(), e);
    }
  }

  <T extends HasMetadata> T only(Class<T> type) {
    List<T> found =
        documents.stream()
            .filter(d -> d.kind().equals(HasMetadata.getKind(type)))
            .map(d -> strict(d, type))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + HasMetadata.getKind(type) + " in " + FILE + ", found " + found.size());
    }
    return found.get(0);
  }

  StatefulSet statefulSet() {
    return only(StatefulSet.class);
  }

  Service service() {
    return only(Service.class);
  }

  /**
   * Jackson, set up to refuse what the API server refuses. fabric8's model classes collect unknown
   * fields in an "additionalProperties" map (a {@code @JsonAnySetter}); that is switched off here,
   * so an unknown or misspelled field fails the read instead of being kept silently.
   */
  static final ObjectMapper STRICT = strictMapper();

  private static ObjectMapper strictMapper() {
    YAMLMapper mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(
                new JacksonAnnotationIntrospector() {
                  private static final long serialVersionUID = 1L;

                  @Override
                  public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                  }
                })
            .build();
    // A number or a boolean where the API wants a string (env values, labels, parameters) is
    // refused,
    // as the API server's decoder refuses it.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }
}
