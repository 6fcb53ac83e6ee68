package io.glusterctl.probe.observe;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the Kubernetes API from inside a pod.
 *
 * @param apiUrl the API's base URL ({@code https://10.96.0.1:443}); empty when neither the
 *     environment nor an override gives one
 * @param tokenFile the service-account token, read afresh on every request (tokens are rotated)
 * @param caFile PEM certificates, the only ones trusted to vouch for the API's certificate
 */
public record KubeApiConfig(Optional<URI> apiUrl, Path tokenFile, Path caFile) {
  public static final Path DEFAULT_TOKEN_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
  public static final Path DEFAULT_CA_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");

  /** The pod's namespace, next to the token. */
  public static final Path DEFAULT_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public KubeApiConfig {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(caFile, "caFile");
  }

  /**
   * The in-cluster configuration: {@code override} when given, else {@code
   * https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT} from {@code env}.
   */
  public static KubeApiConfig inCluster(
      Map<String, String> env, Optional<URI> override, Path tokenFile, Path caFile) {
    return new KubeApiConfig(override.or(() -> apiUrlFrom(env)), tokenFile, caFile);
  }

  /**
   * {@code https://host:port} from {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} (443 if unset).
   */
  public static Optional<URI> apiUrlFrom(Map<String, String> env) {
    String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "").strip();
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "").strip();
    if (host.isEmpty()) {
      return Optional.empty();
    }
    if (port.isEmpty()) {
      port = "443";
    }
    if (!port.matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    try {
      return Optional.of(new URI("https://" + h + ":" + port));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }
}
