package io.glusterctl.probe.cli;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.parse.GlusterOutputException;
import io.glusterctl.probe.parse.PeerStatusParser;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The observe-and-plan step the read-only commands share, online or offline. */
final class Passes {
  private Passes() {}

  /**
   * Why bricks are Unknown offline. The planner says it about a surplus member, whose detach it
   * blocks: a pasted peer status does not tell which peers host bricks.
   */
  static final String OFFLINE_BRICKS =
      "surplus, not detached: a pasted peer status does not say whether it hosts bricks";

  /** Thrown when an offline input cannot be used; the message says why. */
  static final class BadInput extends Exception {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  /** Thrown when an offline option's value cannot be used (a usage error); the message says why. */
  static final class BadOption extends Exception {
    private static final long serialVersionUID = 1L;

    BadOption(String message) {
      super(message);
    }
  }

  /** The most an offline input may hold: a peer status of a thousand peers is under 1 MiB. */
  static final int MAX_INPUT = 1024 * 1024;

  /** Observes this pod's pool and plans, without the lock and without acting. */
  static Reconciler.Pass online(Session s) {
    return s.reconciler()
        .observeAndPlan(s.self(), s.gluster().localPool().pool(), s.state().memory());
  }

  static Reconciler.Pass offline(OfflineOptions o, Instant now) throws BadInput, BadOption {
    // the options first: a bad --desired or --self is a usage error, whatever the file holds
    List<String> names = new ArrayList<>();
    if (o.desired != null) {
      for (String d : o.desired) {
        if (!d.isBlank()) {
          names.add(d.trim());
        }
      }
    }
    for (String n : names) {
      if (!HostNames.isValid(n)) {
        throw new BadOption("--desired: '" + n + "' is not a valid host name");
      }
    }
    if (o.self != null && !HostNames.isValid(o.self)) {
      throw new BadOption("--self: '" + o.self + "' is not a valid host name");
    }
    Self self =
        o.self != null || !names.isEmpty()
            ? offlineSelf(o.self != null ? o.self : names.get(0), o.self != null)
            : null;
    List<Member> members = new ArrayList<>();
    for (String n : names) {
      OptionalInt ord = self.ordinalOf(n);
      if (ord.isEmpty()) {
        throw new BadOption(
            "--desired: '" + n + "' is not a pod of StatefulSet '" + self.statefulSet() + "'");
      }
      members.add(new Member(ord.getAsInt(), qualify(n, self, ord.getAsInt())));
    }
    String text = new String(read(o.peerStatusFile, o.stdin), StandardCharsets.UTF_8);
    PoolView pool;
    try {
      pool = PeerStatusParser.parse(text);
    } catch (GlusterOutputException e) {
      throw new BadInput(
          o.peerStatusFile + ": not a usable gluster peer status output: " + e.getMessage());
    }
    if (self == null) {
      self = offlineSelf(pool.peers().stream().map(Peer::hostname).findFirst().orElse(null), false);
    }
    Observed<DesiredMembers> desired =
        names.isEmpty()
            ? Observed.unknown("no --desired given")
            : Observed.known(
                new DesiredMembers(DesiredMembers.Source.STATIC, OptionalInt.empty(), members));
    World w =
        World.of(self, Observed.known(pool), desired, now)
            // the planner asks for bricks only about a surplus member, and says this with it
            .withBricks(Observed.unknown(OFFLINE_BRICKS))
            .withMemory(Memory.EMPTY);
    Planner planner = new Planner(PlannerSettings.DEFAULTS.asOffline());
    return new Reconciler.Pass(w, planner.plan(w));
  }

  /**
   * The file's bytes ({@code -}: standard input), at most {@link #MAX_INPUT}: anything longer is no
   * peer status, and reading it whole (a log, {@code /dev/zero}) would exhaust the small heap.
   */
  private static byte[] read(Path file, InputStream stdin) throws BadInput {
    boolean isStdin = file.toString().equals("-");
    try (InputStream in = isStdin ? null : Files.newInputStream(file)) {
      byte[] bytes = (isStdin ? stdin : in).readNBytes(MAX_INPUT + 1);
      if (bytes.length > MAX_INPUT) {
        throw new BadInput(
            file + ": larger than " + MAX_INPUT / 1024 + " KiB: not a gluster peer status output");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new BadInput("cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new BadInput("cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new BadInput("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String qualify(String name, Self self, int ordinal) {
    String n = HostNames.normalize(name);
    return n.contains(".") && n.split("\\.").length >= 5 ? n : self.fqdnOf(ordinal);
  }

  /**
   * The identity offline analysis plans under: the StatefulSet, Service, namespace and domain taken
   * from a pod FQDN ({@code glusterfs-1.glusterfs.default.svc.cluster.local}); there is no local
   * pod.
   */
  static Self offlineSelf(String sample, boolean isSelf) {
    String sts = "glusterfs";
    String svc = "glusterfs";
    String ns = "default";
    String domain = "cluster.local";
    if (sample != null) {
      String[] parts = HostNames.normalize(sample).split("\\.");
      int dash = parts[0].lastIndexOf('-');
      if (dash > 0) {
        sts = parts[0].substring(0, dash);
      }
      if (parts.length > 1) {
        svc = parts[1];
      }
      if (parts.length > 2) {
        ns = parts[2];
      }
      if (parts.length > 4 && parts[3].equals("svc")) {
        domain = String.join(".", java.util.Arrays.copyOfRange(parts, 4, parts.length));
      }
    }
    String pod = isSelf ? HostNames.normalize(sample).split("\\.")[0] : sts;
    return new Self(pod, ns, svc, domain);
  }
}
