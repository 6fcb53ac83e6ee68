package io.glusterctl.probe.packaging;

/** The name formats the Kubernetes API validates (k8s.io/apimachinery/pkg/util/validation). */
final class KubernetesNames {
  /**
   * RFC 1123 label: most object names that become DNS labels (Services, StatefulSets, containers).
   */
  static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  /** RFC 1123 subdomain: most other object names. */
  static final String DNS1123_SUBDOMAIN =
      "(?=.{1,253}$)" + DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";

  /** IANA service name: named ports (the SRV record's service label). */
  static final String IANA_SVC_NAME =
      "(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  /** C identifier: environment variable names the program reads. */
  static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";

  private KubernetesNames() {}
}
