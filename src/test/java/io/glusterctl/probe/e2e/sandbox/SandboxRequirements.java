package io.glusterctl.probe.e2e.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox needs from the machine: root, and glusterd, gluster, dnsmasq, ip, unshare,
 * setsid, nsenter, and tini (the image's init, which the sandbox runs as each container's PID 1).
 */
public final class SandboxRequirements {
  static final List<String> TOOLS =
      List.of("glusterd", "gluster", "dnsmasq", "ip", "unshare", "setsid", "nsenter", "tini");

  private SandboxRequirements() {}

  /** Empty when the sandbox can run here; otherwise one line that says what is missing. */
  public static Optional<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    for (String tool : TOOLS) {
      if (find(tool).isEmpty()) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "end-to-end sandbox skipped: needs root and "
            + String.join(", ", TOOLS)
            + ";"
            + " missing: "
            + String.join(", ", missing)
            + " (Debian: apt-get install glusterfs-server dnsmasq-base iproute2 util-linux tini)");
  }

  static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return Optional.of(Path.of(d, tool));
      }
    }
    return Optional.empty();
  }
}
