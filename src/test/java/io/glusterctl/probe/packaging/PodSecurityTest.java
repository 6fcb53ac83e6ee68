package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Namespace's Pod Security labels against the pod the StatefulSet makes: the namespace must
 * enforce the lowest level that admits the pod. The checks of the "baseline" level are written out
 * here as the Pod Security Standards define them (kubernetes.io/docs/concepts/security/
 * pod-security-standards, level "Baseline"), for the fields this pod template uses.
 */
class PodSecurityTest {
  private final Manifest manifest = Manifest.load();
  private final PodSpec pod = manifest.statefulSet().getSpec().getTemplate().getSpec();

  /** Baseline, "Capabilities": adding any capability beyond these is refused. */
  static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  /** What the baseline level refuses in {@code pod}, one line per violation. */
  static List<String> baselineViolations(PodSpec pod) {
    List<String> out = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      out.add("host namespaces: hostNetwork");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      out.add("host namespaces: hostPID");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      out.add("host namespaces: hostIPC");
    }
    for (Volume v : Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of())) {
      if (v.getHostPath() != null) {
        out.add("hostPath volume " + v.getName());
      }
    }
    if (pod.getSecurityContext() != null
        && pod.getSecurityContext().getSeccompProfile() != null
        && "Unconfined".equals(pod.getSecurityContext().getSeccompProfile().getType())) {
      out.add("seccomp: Unconfined (pod)");
    }
    List<Container> containers = new ArrayList<>(pod.getContainers());
    containers.addAll(Objects.requireNonNullElse(pod.getInitContainers(), List.of()));
    for (Container c : containers) {
      SecurityContext sc = c.getSecurityContext();
      if (sc != null) {
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
          out.add("privileged container " + c.getName());
        }
        if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null) {
          for (String cap : sc.getCapabilities().getAdd()) {
            if (!BASELINE_CAPABILITIES.contains(cap)) {
              out.add("capabilities: " + c.getName() + " adds " + cap);
            }
          }
        }
        if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
          out.add("procMount " + sc.getProcMount());
        }
        if (sc.getSeccompProfile() != null
            && "Unconfined".equals(sc.getSeccompProfile().getType())) {
          out.add("seccomp: Unconfined (" + c.getName() + ")");
        }
        if (sc.getSeLinuxOptions() != null
            && (sc.getSeLinuxOptions().getUser() != null
                || sc.getSeLinuxOptions().getRole() != null)) {
          out.add("SELinux user or role set in " + c.getName());
        }
      }
      for (ContainerPort p : Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())) {
        if (p.getHostPort() != null && p.getHostPort() != 0) {
          out.add("host port " + p.getHostPort());
        }
      }
    }
    return out;
  }

  @Test
  void theOnlyThingBaselineRefusesIsSysAdmin() {
    assertThat(baselineViolations(pod)).containsExactly("capabilities: glusterfs adds SYS_ADMIN");
  }

  @Test
  void theNamespaceEnforcesTheLowestLevelThatAdmitsThePod() {
    Namespace ns = manifest.only(Namespace.class);
    Map<String, String> labels = ns.getMetadata().getLabels();
    String needed = baselineViolations(pod).isEmpty() ? "baseline" : "privileged";
    assertThat(labels)
        .containsEntry("pod-security.kubernetes.io/enforce", needed)
        .containsEntry("pod-security.kubernetes.io/enforce-version", "latest")
        .as("the audit log shows what breaks baseline")
        .containsEntry("pod-security.kubernetes.io/audit", "baseline");
    assertThat(labels.keySet())
        .filteredOn(k -> k.startsWith("pod-security.kubernetes.io/"))
        .allSatisfy(
            k ->
                assertThat(labels.get(k))
                    .matches(
                        k.endsWith("-version")
                            ? "latest|v1\\.[0-9]+"
                            : "privileged|baseline|restricted"));
  }

  @Test
  void theUsageLineAppliesTheManifestInThatNamespace() {
    String name = manifest.only(Namespace.class).getMetadata().getName();
    Matcher m =
        Pattern.compile("kubectl -n (\\S+) apply -f k8s/glusterfs-all-in-one\\.yaml")
            .matcher(Manifest.read(Manifest.FILE));
    assertThat(m.find()).as("the manifest's header says how to apply it").isTrue();
    assertThat(m.group(1)).isEqualTo(name);
  }

  @Test
  void theBaselineCheckCanFail() {
    PodSpec other =
        Manifest.parse(
                Manifest.read(Manifest.FILE)
                    .replace("hostNetwork: false", "hostNetwork: true")
                    .replace("privileged: false", "privileged: true"))
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(baselineViolations(other))
        .contains("host namespaces: hostNetwork", "privileged container glusterfs");
  }
}
