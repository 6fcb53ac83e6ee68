package io.glusterctl.probe.e2e.data;

import io.glusterctl.probe.e2e.sandbox.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** What a data test with a client needs beyond the sandbox: the FUSE client and python3. */
public final class DataAssumptions {
  private DataAssumptions() {}

  /** The FUSE client (Debian's glusterfs-client), /dev/fuse and python3 for the workload. */
  public static void assumeFuseClient() {
    for (String tool : List.of("/usr/sbin/mount.glusterfs", "/usr/bin/python3")) {
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of(tool)),
          () ->
              "data tests skipped: "
                  + tool
                  + " missing (apt-get install glusterfs-client python3)");
    }
    Assumptions.assumeTrue(
        Files.exists(Path.of("/dev/fuse")), "data tests skipped: no /dev/fuse on this machine");
  }

  /** The PID of the FUSE client process ({@code glusterfs}) in a client's network namespace. */
  static long fuseClientPid(String netns) {
    String pids = Command.run(Duration.ofSeconds(10), "ip", "netns", "pids", netns).stdout();
    for (String pid : pids.split("\\s+")) {
      if (!pid.isBlank()) {
        try {
          String comm = Files.readString(Path.of("/proc/" + pid.strip() + "/comm")).strip();
          if (comm.equals("glusterfs")) {
            return Long.parseLong(pid.strip());
          }
        } catch (java.io.IOException e) {
          // gone
        }
      }
    }
    throw new AssertionError("no FUSE client process in " + netns);
  }
}
