package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Self;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifest against the program (the README's contract and the model's own name rules) and
 * against the image (docker/Dockerfile): what the kubelet runs must exist in the image, and what
 * the program reads must be set in the pod or have a default that fits it.
 */
class ManifestContractTest {
  private final Manifest manifest = Manifest.load();
  private final ReadmeContract readme = ReadmeContract.load();
  private final StatefulSet sts = manifest.statefulSet();
  private final PodSpec pod = sts.getSpec().getTemplate().getSpec();
  private final Container container = pod.getContainers().get(0);
  private final Map<String, EnvVar> env =
      container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

  /**
   * Variables the manifest leaves to the program's default, and why that default fits a pod of this
   * manifest. A variable the README adds later must be set in the manifest or be added here with
   * its reason.
   */
  static final Map<String, String> DEFAULT_FITS_THE_POD =
      Map.of(
          "GLUSTERCTL_CLUSTER_DOMAIN",
              "the kubelet writes the search list into resolv.conf (dnsPolicy ClusterFirst)",
          "GLUSTERCTL_RESOLV_CONF", "the kubelet mounts /etc/resolv.conf",
          "GLUSTERCTL_DNS_SERVER",
              "the cluster DNS is resolv.conf's nameserver (dnsPolicy ClusterFirst)",
          "GLUSTERCTL_API_URL",
              "the kubelet sets KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT",
          "GLUSTERCTL_TOKEN_FILE",
              "the service-account token is mounted (automountServiceAccountToken)",
          "GLUSTERCTL_CA_FILE", "the service-account CA is mounted with the token",
          "GLUSTERCTL_GLUSTER",
              "the image installs glusterfs-server, which puts gluster on the PATH",
          "GLUSTERCTL_HEAL_UNKNOWN_GRACE",
              "5m is twenty readiness periods of 15s: a slow heal query under load is waited out, a"
                  + " broken one does not hold rollouts and drains for longer");

  private Optional<String> value(String variable) {
    return Optional.ofNullable(env.get(variable)).map(EnvVar::getValue);
  }

  static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
    assertThat(m.matches()).as("%s is a duration like 20s", text).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  @Test
  void theReadmeContractIsReadable() {
    assertThat(readme.options())
        .hasSizeGreaterThanOrEqualTo(20)
        .containsKeys("POD_NAME", "GLUSTERCTL_DEADLINE");
    assertThat(readme.commands())
        .contains(
            "liveness",
            "readiness",
            "prestop",
            "prestart",
            "status",
            "plan",
            "reconcile",
            "repair");
  }

  @Test
  void everyVariableTheProgramReadsIsSetInThePodOrHasADefaultThatFitsIt() {
    for (String variable : readme.options().keySet()) {
      assertThat(env.containsKey(variable) || DEFAULT_FITS_THE_POD.containsKey(variable))
          .as(
              "README lists %s: the manifest must set it, or DEFAULT_FITS_THE_POD must say why its default fits",
              variable)
          .isTrue();
    }
    assertThat(readme.options().keySet())
        .as("every variable the manifest sets is one the program reads")
        .containsAll(env.keySet());
  }

  @Test
  void theDefaultsLeftToTheProgramHoldInThisPod() {
    assertThat(pod.getDnsPolicy()).as("cluster DNS in resolv.conf").isIn(null, "ClusterFirst");
    assertThat(pod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    assertThat(pod.getServiceAccountName()).isNotBlank();
    assertThat(container.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .as("nothing hides the service-account token or resolv.conf")
        .noneMatch(p -> p.startsWith("/var/run/secrets") || p.startsWith("/etc/resolv.conf"));
    assertThat(readme.defaultOf("GLUSTERCTL_TOKEN_FILE"))
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
    assertThat(readme.defaultOf("GLUSTERCTL_CA_FILE"))
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
    assertThat(readme.defaultOf("GLUSTERCTL_GLUSTER")).isEqualTo("gluster");
  }

  @Test
  void podNameNamespaceAndUidComeFromTheDownwardApi() {
    for (var expected :
        Map.of(
                "POD_NAME",
                "metadata.name",
                "POD_NAMESPACE",
                "metadata.namespace",
                "POD_UID",
                "metadata.uid")
            .entrySet()) {
      EnvVar var = env.get(expected.getKey());
      assertThat(var).as(expected.getKey()).isNotNull();
      assertThat(var.getValueFrom())
          .as("%s comes from the downward API", var.getName())
          .isNotNull();
      assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo(expected.getValue());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GLUSTERCTL_SERVICE",
        "GLUSTERCTL_PORT_NAME",
        "GLUSTERCTL_MEMBERS_FROM",
        "GLUSTERCTL_DEADLINE",
        "GLUSTERCTL_GLUSTER_TIMEOUT",
        "GLUSTERCTL_GLUSTERD_DIR",
        "GLUSTERCTL_STATE_DIR",
        "GLUSTERCTL_SURPLUS_GRACE",
        "GLUSTERCTL_STUCK_GRACE",
        "GLUSTERCTL_LOCK_WAIT",
        "GLUSTERCTL_OUTPUT"
      })
  void valuesTheManifestSetsExplicitlyAreTheProgramsDefaults(String variable) {
    assertThat(value(variable)).as(variable).contains(readme.defaultOf(variable));
  }

  @Test
  void theServiceAndItsPortCarryTheNamesTheProgramLooksUp() {
    Service service = manifest.service();
    assertThat(service.getMetadata().getName())
        .isEqualTo(readme.defaultOf("GLUSTERCTL_SERVICE"))
        .isEqualTo(value("GLUSTERCTL_SERVICE").orElseThrow())
        .isEqualTo(sts.getSpec().getServiceName());
    String portName = value("GLUSTERCTL_PORT_NAME").orElseThrow();
    assertThat(portName).isEqualTo(readme.defaultOf("GLUSTERCTL_PORT_NAME"));
    assertThat(service.getSpec().getPorts())
        .filteredOn(p -> p.getName().equals(portName))
        .singleElement()
        .extracting(ServicePort::getPort, ServicePort::getProtocol)
        .containsExactly(24007, "TCP");
  }

  @Test
  void podNamesAndFqdnsAreTheOnesTheProgramDerives() {
    String stsName = sts.getMetadata().getName();
    assertThat(value("GLUSTERCTL_STATEFULSET")).contains(stsName);
    String service = sts.getSpec().getServiceName();
    // The longest name a namespace may have; the kubelet names pods <statefulset>-<ordinal>.
    String namespace = "n".repeat(63);
    for (int ordinal : List.of(0, 1, 2, 99_999)) {
      Self self = new Self(stsName + "-" + ordinal, namespace, service, "cluster.local");
      assertThat(self.statefulSet()).isEqualTo(stsName);
      assertThat(self.ordinal()).hasValue(ordinal);
      String fqdn = self.fqdnOf(ordinal);
      assertThat(fqdn)
          .isEqualTo(
              stsName + "-" + ordinal + "." + service + "." + namespace + ".svc.cluster.local")
          .isEqualTo(self.fqdn());
      assertThat(HostNames.isValid(fqdn)).as("%s is a valid host name", fqdn).isTrue();
      assertThat(self.ordinalOf(fqdn)).hasValue(ordinal);
      assertThat(self.podName()).matches(KubernetesNames.DNS1123_LABEL);
    }
  }

  @Test
  void probeAndHookCommandsRunTheInstalledBinaryWithTheRightCommand() {
    String binary = DockerfileTest.installedBinary(Dockerfile.load());
    Map<String, List<String>> commands =
        Map.of(
            "livenessProbe", container.getLivenessProbe().getExec().getCommand(),
            "readinessProbe", container.getReadinessProbe().getExec().getCommand(),
            "preStop", container.getLifecycle().getPreStop().getExec().getCommand());
    assertThat(commands.get("livenessProbe")).containsExactly(binary, "liveness");
    assertThat(commands.get("readinessProbe")).containsExactly(binary, "readiness");
    assertThat(commands.get("preStop")).containsExactly(binary, "prestop", "--deadline", "50s");
    commands.values().forEach(argv -> assertThat(readme.commands()).contains(argv.get(1)));
  }

  @Test
  void everyProbeGivesTheProgramMoreTimeThanItsOwnDeadline() {
    Duration deadline = duration(value("GLUSTERCTL_DEADLINE").orElseThrow());
    assertThat(deadline).isEqualTo(duration(readme.defaultOf("GLUSTERCTL_DEADLINE")));
    Duration glusterTimeout = duration(value("GLUSTERCTL_GLUSTER_TIMEOUT").orElseThrow());
    assertThat(glusterTimeout).as("one gluster call fits in the run").isLessThan(deadline);
    for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
      assertThat(Duration.ofSeconds(probe.getTimeoutSeconds()))
          .as("timeoutSeconds above GLUSTERCTL_DEADLINE")
          .isGreaterThan(deadline);
      assertThat(probe.getTimeoutSeconds())
          .as("timeoutSeconds below periodSeconds: a run ends before the next one is due")
          .isLessThan(probe.getPeriodSeconds());
    }
    Probe liveness = container.getLivenessProbe();
    assertThat(liveness.getPeriodSeconds()).isEqualTo(30);
    assertThat(liveness.getTimeoutSeconds()).isEqualTo(25);
    assertThat(liveness.getFailureThreshold()).isEqualTo(3);
  }

  @Test
  void theStartupProbeWaitsForGlusterdsPortAndThenHandsOverToTheLivenessProbe() {
    Probe startup = container.getStartupProbe();
    assertThat(startup.getExec()).isNull();
    assertThat(startup.getTcpSocket().getPort().getStrVal())
        .isEqualTo(value("GLUSTERCTL_PORT_NAME").orElseThrow());
    assertThat(container.getPorts())
        .anySatisfy(
            p -> assertThat(p.getName()).isEqualTo(startup.getTcpSocket().getPort().getStrVal()));
    assertThat(
            Duration.ofSeconds((long) startup.getPeriodSeconds() * startup.getFailureThreshold()))
        .as("the start-up budget")
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theGracePeriodCoversThePreStopHookAndGlusterdsShutdown() {
    // the hook waits up to its own --deadline for the coordinator (liveness every 30 s) to detach
    // this pod, then glusterd needs a few seconds to stop
    List<String> hook = container.getLifecycle().getPreStop().getExec().getCommand();
    Duration hookDeadline = duration(hook.get(hook.indexOf("--deadline") + 1));
    long grace = pod.getTerminationGracePeriodSeconds();
    assertThat(grace).isEqualTo(60);
    assertThat(hookDeadline).as("covers one liveness period").isGreaterThan(Duration.ofSeconds(30));
    assertThat(Duration.ofSeconds(grace)).isGreaterThanOrEqualTo(hookDeadline.plusSeconds(10));
  }

  @Test
  void theDirectoriesTheProgramUsesAreOnThePersistentClaim() {
    Map<String, VolumeMount> mounts =
        container.getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
    String glusterdDir = value("GLUSTERCTL_GLUSTERD_DIR").orElseThrow();
    String stateDir = value("GLUSTERCTL_STATE_DIR").orElseThrow();
    assertThat(mounts).containsKeys(glusterdDir, stateDir);
    assertThat(Path.of(stateDir).startsWith(Path.of(glusterdDir)))
        .as("the probe's state is outside glusterd's")
        .isFalse();
    assertThat(mounts.get(glusterdDir).getName()).isEqualTo(mounts.get(stateDir).getName());
    assertThat(mounts.get(glusterdDir).getSubPath())
        .isNotEqualTo(mounts.get(stateDir).getSubPath());
  }

  @Test
  void theImageIsTaggedWithTheProjectVersion() {
    assertThat(container.getImage()).endsWith(":" + Pom.load().version());
  }
}
