package io.glusterctl.probe.e2e.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a sandbox is made: the StatefulSet, its Service and namespace, the pod template's kubelet
 * settings, the clock, and the program the pods run.
 *
 * @param statefulSet the StatefulSet's name, also the pods' name prefix
 * @param service the headless Service
 * @param namespace the Kubernetes namespace
 * @param portName the Service's port name (the SRV record's service label)
 * @param replicas {@code spec.replicas} to start with
 * @param policy {@code podManagementPolicy}
 * @param kubelet probes, preStop and grace period
 * @param timeScale how much faster than a cluster
 * @param program the packaged program the pods' {@code glusterctl-probe} runs
 * @param api whether to run the fake API server (when it is on the classpath)
 * @param env extra environment for every pod (over the sandbox's own)
 */
public record SandboxSettings(
    String statefulSet,
    String service,
    String namespace,
    String portName,
    int replicas,
    PodManagementPolicy policy,
    KubeletSettings kubelet,
    TimeScale timeScale,
    Path program,
    boolean api,
    Map<String, String> env) {

  /**
   * System property naming the program the pods run; default {@code
   * <repo>/target/glusterctl-probe}.
   */
  public static final String PROGRAM_PROPERTY = "glusterctl.probe.cmd";

  /** System property naming the repository root; default the working directory. */
  public static final String REPO_PROPERTY = "glusterctl.repo.dir";

  public SandboxSettings {
    env = Map.copyOf(env);
  }

  /** The repository root (where {@code docker/entrypoint.sh} and {@code src/test/sandbox} are). */
  public static Path repoDir() {
    return Path.of(System.getProperty(REPO_PROPERTY, System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  /** The program from {@value #PROGRAM_PROPERTY}, else {@code <repo>/target/glusterctl-probe}. */
  public static Path defaultProgram() {
    String p = System.getProperty(PROGRAM_PROPERTY);
    return p == null || p.isBlank()
        ? repoDir().resolve("target/glusterctl-probe")
        : Path.of(p).toAbsolutePath();
  }

  public static final class Builder {
    private String statefulSet = "glusterfs";
    private String service = "glusterfs";
    private String namespace = "default";
    private String portName = "glusterd";
    private int replicas = 3;
    private PodManagementPolicy policy = PodManagementPolicy.PARALLEL;
    private KubeletSettings kubelet = KubeletSettings.defaults();
    private TimeScale timeScale = TimeScale.fromSystemProperties();
    private Path program = defaultProgram();
    private boolean api = true;
    private final Map<String, String> env = new LinkedHashMap<>();

    public Builder statefulSet(String v) {
      statefulSet = v;
      return this;
    }

    public Builder service(String v) {
      service = v;
      return this;
    }

    public Builder namespace(String v) {
      namespace = v;
      return this;
    }

    public Builder portName(String v) {
      portName = v;
      return this;
    }

    public Builder replicas(int v) {
      replicas = v;
      return this;
    }

    public Builder policy(PodManagementPolicy v) {
      policy = v;
      return this;
    }

    public Builder kubelet(KubeletSettings v) {
      kubelet = v;
      return this;
    }

    public Builder timeScale(TimeScale v) {
      timeScale = v;
      return this;
    }

    public Builder program(Path v) {
      program = v;
      return this;
    }

    public Builder api(boolean v) {
      api = v;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public SandboxSettings build() {
      return new SandboxSettings(
          statefulSet,
          service,
          namespace,
          portName,
          replicas,
          policy,
          kubelet,
          timeScale,
          program,
          api,
          env);
    }

    /** Makes the sandbox and starts the pods. */
    public Sandbox start() {
      return Sandbox.start(build());
    }
  }
}
