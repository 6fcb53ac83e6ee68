package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.KubeApiConfig;
import io.glusterctl.probe.observe.KubeApiMembersSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The documents of the manifest refer to each other by name and by label; these are the references
 * the API server does not check at apply time but that decide whether the pool comes up at all.
 */
class ManifestConsistencyTest {
  private final Manifest manifest = Manifest.load();
  private final StatefulSet sts = manifest.statefulSet();
  private final PodSpec pod = sts.getSpec().getTemplate().getSpec();
  private final Map<String, String> podLabels =
      sts.getSpec().getTemplate().getMetadata().getLabels();

  private Container container() {
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    assertThat(selector.getMatchExpressions()).as("only matchLabels are used").isNullOrEmpty();
    return !selector.getMatchLabels().isEmpty()
        && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  @Test
  void theStatefulSetIsParallelWithThreeReplicasBehindTheHeadlessService() {
    Service svc = manifest.service();
    assertThat(sts.getSpec().getServiceName()).isEqualTo(svc.getMetadata().getName());
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(selects(sts.getSpec().getSelector(), podLabels))
        .as("the selector matches the pod labels")
        .isTrue();
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(svc.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(podLabels.entrySet()).containsAll(svc.getSpec().getSelector().entrySet());
  }

  @Test
  void everyServicePortTargetsANamedContainerPortWithTheSameNumber() {
    Map<String, ContainerPort> containerPorts =
        container().getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, p -> p));
    List<ServicePort> ports = manifest.service().getSpec().getPorts();
    assertThat(ports).extracting(ServicePort::getName).containsExactly("glusterd");
    for (ServicePort port : ports) {
      assertThat(port.getName()).matches(KubernetesNames.IANA_SVC_NAME);
      assertThat(port.getProtocol()).isEqualTo("TCP");
      ContainerPort target = containerPorts.get(port.getTargetPort().getStrVal());
      assertThat(target)
          .as("container port named %s", port.getTargetPort().getStrVal())
          .isNotNull();
      assertThat(target.getContainerPort()).isEqualTo(port.getPort());
      assertThat(target.getProtocol()).isEqualTo(port.getProtocol());
    }
    assertThat(ports)
        .extracting(ServicePort::getPort)
        .as("no 24008: RDMA, and its port, are gone since glusterfs 9")
        .containsExactly(24007);
    assertThat(container().getPorts())
        .extracting(ContainerPort::getContainerPort)
        .containsExactly(24007);
  }

  @Test
  void volumeMountsUseTheClaimTemplatesAndTheClaimsUseTheStorageClass() {
    StorageClass storageClass = manifest.only(StorageClass.class);
    List<PersistentVolumeClaim> claims = sts.getSpec().getVolumeClaimTemplates();
    Set<String> claimNames =
        claims.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
    assertThat(claimNames).containsExactlyInAnyOrder("state", "bricks");
    for (VolumeMount mount : container().getVolumeMounts()) {
      assertThat(claimNames)
          .as("volume of mount %s", mount.getMountPath())
          .contains(mount.getName());
    }
    assertThat(container().getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .doesNotHaveDuplicates();
    for (PersistentVolumeClaim claim : claims) {
      assertThat(claim.getSpec().getStorageClassName())
          .isEqualTo(storageClass.getMetadata().getName());
      assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
      assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
    }
  }

  @Test
  void glusterdStateAndTheProbeStateShareOneClaimInSeparateSubPaths() {
    Map<String, VolumeMount> byPath =
        container().getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
    assertThat(byPath.get("/var/lib/glusterd"))
        .extracting(VolumeMount::getName, VolumeMount::getSubPath)
        .containsExactly("state", "glusterd");
    assertThat(byPath.get("/var/lib/glusterctl-probe"))
        .extracting(VolumeMount::getName, VolumeMount::getSubPath)
        .containsExactly("state", "probe");
    assertThat(byPath.get("/bricks")).extracting(VolumeMount::getName).isEqualTo("bricks");
  }

  @Test
  void theStorageClassKeepsVolumesAndBindsThemWhereThePodIsScheduled() {
    StorageClass sc = manifest.only(StorageClass.class);
    assertThat(sc.getProvisioner()).isEqualTo("ebs.csi.aws.com");
    assertThat(sc.getParameters()).containsEntry("type", "gp3");
    assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(sc.getReclaimPolicy()).isEqualTo("Retain");
    assertThat(sc.getAllowVolumeExpansion()).isTrue();
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Retain");
  }

  @Test
  void theRoleReadsOnlyTheScaleOfThisStatefulSetAndIsBoundToThePodsServiceAccount() {
    Role role = manifest.only(Role.class);
    RoleBinding binding = manifest.only(RoleBinding.class);
    ServiceAccount account = manifest.only(ServiceAccount.class);
    List<PolicyRule> apps =
        role.getRules().stream().filter(r -> r.getApiGroups().contains("apps")).toList();
    assertThat(apps).hasSize(1);
    PolicyRule rule = apps.get(0);
    assertThat(rule.getApiGroups()).containsExactly("apps");
    assertThat(rule.getResources())
        .as(
            "the subresource the program reads (KubeApiMembersSource.scalePath), not the StatefulSet")
        .containsExactly("statefulsets/scale");
    assertThat(rule.getResourceNames()).containsExactly(sts.getMetadata().getName());
    assertThat(rule.getVerbs()).containsExactly("get");
    String scalePath =
        new KubeApiMembersSource(
                new Self("glusterfs-0", "gluster", "glusterfs", "cluster.local"),
                sts.getMetadata().getName(),
                new KubeApiConfig(Optional.empty(), Path.of("token"), Path.of("ca.crt")),
                Duration.ofSeconds(1))
            .scalePath();
    assertThat(Rbac.allows(role.getRules(), Rbac.Request.of("get", scalePath)))
        .as("the Role allows the program's one API read, GET %s", scalePath)
        .isTrue();
    assertThat(
            Rbac.allows(
                role.getRules(),
                Rbac.Request.of("get", scalePath.substring(0, scalePath.lastIndexOf('/')))))
        .as("but not the StatefulSet itself")
        .isFalse();
    assertThat(role.getRules()).as("the scale read and the Events").hasSize(2);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(s.getNamespace()).as("same namespace as the binding").isNull();
            });
    assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
  }

  @Test
  void eventsAddExactlyCreateAndPatchOnEventsInThisNamespace() {
    Role role = manifest.only(Role.class);
    List<PolicyRule> events =
        role.getRules().stream().filter(r -> r.getResources().contains("events")).toList();
    assertThat(events)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("");
              assertThat(r.getResources()).containsExactly("events");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("create", "patch");
              assertThat(r.getResourceNames()).isNullOrEmpty();
            });
    String collection = "/api/v1/namespaces/gluster/events";
    assertThat(Rbac.allows(role.getRules(), Rbac.Request.of("create", collection))).isTrue();
    assertThat(
            Rbac.allows(
                role.getRules(), Rbac.Request.of("patch", collection + "/glusterfs-0.0123abcd")))
        .isTrue();
    for (String verb : List.of("get", "list", "watch", "update", "delete", "deletecollection")) {
      assertThat(Rbac.allows(role.getRules(), Rbac.Request.of(verb, collection + "/x")))
          .as(verb)
          .isFalse();
    }
    assertThat(Manifest.read(Manifest.FILE))
        .as("the manifest says what Events add to the RBAC")
        .contains("This rule\n  # is all that Events add to the RBAC.");
  }

  @Test
  void thePodsSpreadOverZonesBesideTheOneMemberPerNode() {
    List<TopologySpreadConstraint> spread = pod.getTopologySpreadConstraints();
    assertThat(spread)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
              assertThat(c.getMaxSkew()).isEqualTo(1);
              assertThat(c.getWhenUnsatisfiable())
                  .as("soft: one zone, or unlabelled nodes, still schedule")
                  .isEqualTo("ScheduleAnyway");
              assertThat(selects(c.getLabelSelector(), podLabels)).isTrue();
            });
  }

  @Test
  void theDisruptionBudgetAllowsOnePodAtATimeOfThisStatefulSet() {
    PodDisruptionBudget pdb = manifest.only(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(selects(pdb.getSpec().getSelector(), podLabels)).isTrue();
  }

  @Test
  void podsSpreadOnePerNodeWithoutTheHostNetwork() {
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).as("no hostPath or other pod volumes").isNullOrEmpty();
    List<PodAffinityTerm> terms =
        pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(terms)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(selects(t.getLabelSelector(), podLabels)).isTrue();
            });
  }

  @Test
  void theContainerRunsAsRootWithSysAdminButNotPrivileged() {
    SecurityContext sc = container().getSecurityContext();
    assertThat(sc.getPrivileged()).isFalse();
    assertThat(sc.getRunAsUser()).isZero();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd())
        .contains("SYS_ADMIN")
        .doesNotContain("NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "NET_RAW", "ALL");
    // SYS_ADMIN can escalate by itself; the API refuses allowPrivilegeEscalation=false with
    // CAP_SYS_ADMIN.
    assertThat(sc.getAllowPrivilegeEscalation()).isNotEqualTo(Boolean.FALSE);
  }

  @Test
  void environmentVariablesAreUniqueAndEitherAValueOrADownwardApiField() {
    List<EnvVar> env = container().getEnv();
    assertThat(env)
        .extracting(EnvVar::getName)
        .doesNotHaveDuplicates()
        .allSatisfy(n -> assertThat(n).matches(KubernetesNames.ENV_NAME));
    for (EnvVar var : env) {
      boolean hasValue = var.getValue() != null;
      boolean hasSource = var.getValueFrom() != null;
      assertThat(hasValue ^ hasSource)
          .as("%s has exactly one of value and valueFrom", var.getName())
          .isTrue();
    }
  }
}
