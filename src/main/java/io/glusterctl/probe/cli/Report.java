package io.glusterctl.probe.cli;

import com.grack.nanojson.JsonStringWriter;
import com.grack.nanojson.JsonWriter;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.BrickProcesses;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders what a run saw, planned and did: a table for people ({@code status}), one short line per
 * thing for probes (the kubelet keeps only the first 10 KiB of output), and JSON for tools.
 */
final class Report {
  private Report() {}

  /** The table {@code status} prints, from what the run alone observed. */
  static String table(World w, Plan plan, List<Reconciler.Outcome> outcomes) {
    return table(w, plan, outcomes, Optional.empty());
  }

  /**
   * The table {@code status} prints; with {@code details}, also this pod's row, every member's
   * bricks and brick processes, and each volume's pending heals.
   */
  static String table(
      World w, Plan plan, List<Reconciler.Outcome> outcomes, Optional<PoolDetails> details) {
    StringBuilder sb = new StringBuilder();
    Self self = w.self();
    String uuid = w.pool().known().flatMap(PoolView::selfUuid).orElse("?");
    sb.append("self:     ")
        .append(self.podName())
        .append(" (")
        .append(self.fqdn())
        .append(", ordinal ")
        .append(self.ordinal().isPresent() ? String.valueOf(self.ordinal().getAsInt()) : "?")
        .append(", uuid ")
        .append(uuid)
        .append(")\n");
    sb.append("desired:  ").append(desiredLine(w.desired())).append('\n');
    if (w.pool() instanceof Observed.Known<PoolView> kp) {
      PoolView pool = kp.value();
      sb.append("peers:    ").append(pool.peers().size()).append('\n');
      Observed<VolumeBricks> bricks = details.map(PoolDetails::bricks).orElse(w.bricks());
      List<String[]> rows = new ArrayList<>();
      if (details.isPresent()) {
        rows.add(new String[] {"HOSTNAME", "UUID", "STATE", "BRICKS", "ONLINE", "DESIRED"});
        // this pod as a member, for its own bricks (matched by UUID or by its name)
        Peer me = Peer.of(uuid, self.fqdn(), PeerState.PEER_IN_CLUSTER, true);
        rows.add(
            new String[] {
              self.fqdn(),
              uuid,
              "(this pod)",
              bricksCell(bricks, self, me),
              onlineCell(bricks, details.get().processes(), self, me),
              desiredCell(w, me)
            });
        for (Peer p : pool.peers()) {
          rows.add(
              new String[] {
                p.hostname(),
                p.uuid(),
                p.stateLine(),
                bricksCell(bricks, self, p),
                onlineCell(bricks, details.get().processes(), self, p),
                desiredCell(w, p)
              });
        }
        sb.append(columns(rows));
        if (pool.peers().isEmpty()) {
          sb.append("  (no peers: this node is alone)\n");
        }
      } else {
        rows.add(new String[] {"HOSTNAME", "UUID", "STATE", "BRICKS", "DESIRED"});
        for (Peer p : pool.peers()) {
          rows.add(
              new String[] {
                p.hostname(),
                p.uuid(),
                p.stateLine(),
                bricksCell(bricks, self, p),
                desiredCell(w, p)
              });
        }
        if (pool.peers().isEmpty()) {
          sb.append("  (none: this node is alone)\n");
        } else {
          sb.append(columns(rows));
        }
      }
    } else {
      sb.append("peers:    UNKNOWN: ").append(w.pool().unknownWhy().orElse("")).append('\n');
    }
    details.ifPresent(d -> sb.append(volumesSection(d)));
    sb.append("plan:\n");
    if (plan.actions().isEmpty()) {
      sb.append("  (no action)\n");
    }
    for (Action a : plan.actions()) {
      sb.append("  ").append(a.line()).append(outcomeSuffix(a, outcomes)).append('\n');
    }
    if (!plan.findings().isEmpty()) {
      sb.append("findings:\n");
      for (Finding f : plan.findings()) {
        sb.append(finding("  ", f));
      }
    }
    return sb.toString();
  }

  /**
   * A finding as people read it, in {@code status} and {@code plan}: its line, then the runbook
   * section that explains it.
   */
  static String finding(String indent, Finding f) {
    StringBuilder sb = new StringBuilder(indent).append(f.line()).append('\n');
    f.section().ifPresent(s -> sb.append("    see: ").append(s.link()).append('\n'));
    return sb.toString();
  }

  private static String outcomeSuffix(Action a, List<Reconciler.Outcome> outcomes) {
    for (Reconciler.Outcome o : outcomes) {
      if (o.action() == a) {
        return o.done() ? "  [done]" : "  [NOT DONE: " + o.message() + "]";
      }
    }
    return "";
  }

  static String desiredLine(Observed<DesiredMembers> desired) {
    if (!(desired instanceof Observed.Known<DesiredMembers> k)) {
      return "UNKNOWN: " + desired.unknownWhy().orElse("");
    }
    DesiredMembers d = k.value();
    StringBuilder sb = new StringBuilder();
    sb.append(d.members().size()).append(" from ").append(d.source().label());
    if (d.replicas().isPresent()) {
      sb.append(" (spec.replicas ").append(d.replicas().getAsInt()).append(')');
    }
    sb.append(": ");
    List<String> names = new ArrayList<>();
    for (Member m : d.members()) {
      names.add(m.podName());
    }
    sb.append(String.join(", ", names));
    return sb.toString();
  }

  /** The member's bricks as {@code volume:/path}, "none", or "unknown: why"; never blank. */
  static String bricksCell(Observed<VolumeBricks> bricks, Self self, Peer p) {
    if (!(bricks instanceof Observed.Known<VolumeBricks> k)) {
      return unknown(bricks);
    }
    List<String> mine =
        k.value().hostedBy(self, p).stream().map(b -> b.volume() + ":" + b.path()).toList();
    return mine.isEmpty() ? "none" : String.join(",", mine);
  }

  /**
   * How many of the member's bricks have a running process: {@code 1/1}, "not started" when none of
   * its volumes is, "-" when it has no brick, or "unknown: why".
   */
  static String onlineCell(
      Observed<VolumeBricks> bricks, Observed<BrickProcesses> processes, Self self, Peer p) {
    if (!(bricks instanceof Observed.Known<VolumeBricks> kb)) {
      return unknown(bricks);
    }
    List<VolumeBricks.Brick> mine = kb.value().hostedBy(self, p);
    if (mine.isEmpty()) {
      return "no bricks";
    }
    if (!(processes instanceof Observed.Known<BrickProcesses> kp)) {
      return unknown(processes);
    }
    List<BrickProcesses.Brick> running = kp.value().of(p);
    Set<String> started = new TreeSet<>();
    kp.value().bricks().forEach(b -> started.add(b.volume()));
    long inStarted = mine.stream().filter(b -> started.contains(b.volume())).count();
    if (inStarted == 0) {
      return "not started";
    }
    long online = running.stream().filter(BrickProcesses.Brick::online).count();
    return online + "/" + inStarted;
  }

  /** One line per volume: started or not, bricks online, what waits to be healed. */
  static String volumesSection(PoolDetails d) {
    StringBuilder sb = new StringBuilder("volumes:");
    if (!(d.bricks() instanceof Observed.Known<VolumeBricks> kb)) {
      return sb.append("  ").append(unknown(d.bricks())).append('\n').toString();
    }
    if (kb.value().bricks().isEmpty()) {
      return sb.append("  none\n").toString();
    }
    sb.append('\n');
    Set<String> started = PoolDetails.startedVolumes(d.bricks(), d.processes());
    for (String volume : kb.value().volumes()) {
      long count = kb.value().bricks().stream().filter(b -> b.volume().equals(volume)).count();
      sb.append("  ").append(volume).append(": ").append(count).append(" bricks, ");
      if (!(d.processes() instanceof Observed.Known<BrickProcesses> kp)) {
        sb.append("processes ").append(unknown(d.processes()));
      } else if (!started.contains(volume)) {
        sb.append("not started\n");
        continue;
      } else {
        long online =
            kp.value().bricks().stream()
                .filter(b -> b.volume().equals(volume) && b.online())
                .count();
        sb.append(online).append(" online");
      }
      sb.append("; heal pending: ").append(healCell(d.heals().get(volume))).append('\n');
    }
    return sb.toString();
  }

  private static String healCell(Observed<HealSummary> heal) {
    if (heal == null) {
      return "unknown: not asked";
    }
    if (!(heal instanceof Observed.Known<HealSummary> kh)) {
      return unknown(heal);
    }
    HealSummary h = kh.value();
    List<String> unreached =
        h.unreached().stream()
            .map(b -> "unknown: brick " + b.brick() + ": " + abbreviate(b.status(), 160))
            .toList();
    return h.pendingEntries()
        + (unreached.isEmpty()
            ? ""
            : " on the bricks that answered; " + String.join("; ", unreached));
  }

  /** "unknown: why", for a cell that could not be read. */
  static String unknown(Observed<?> o) {
    return "unknown: " + abbreviate(o.unknownWhy().orElse("no reason given"), 160);
  }

  private static String desiredCell(World w, Peer p) {
    if (!(w.desired() instanceof Observed.Known<DesiredMembers> k)) {
      return "?";
    }
    for (String h : p.hostnames()) {
      var o = w.self().ordinalOf(h);
      if (o.isPresent()) {
        return k.value().byOrdinal(o.getAsInt()).isPresent() ? "yes" : "no (surplus)";
      }
    }
    return "no (not of this StatefulSet)";
  }

  private static String abbreviate(String s, int max) {
    String t = s.replace('\n', ' ').strip();
    return t.length() > max ? t.substring(0, max) + "..." : t;
  }

  private static String columns(List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      sb.append("  ");
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i]);
        if (i < r.length - 1) {
          sb.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The JSON every command prints with {@code --output json}. */
  static String json(
      World w, Plan plan, List<Reconciler.Outcome> outcomes, Optional<String> verdict) {
    JsonStringWriter j = JsonWriter.indent("  ").string().object();
    verdict.ifPresent(v -> j.value("note", v));
    j.object("self").value("pod", w.self().podName()).value("fqdn", w.self().fqdn());
    if (w.self().ordinal().isPresent()) {
      j.value("ordinal", w.self().ordinal().getAsInt());
    } else {
      j.nul("ordinal");
    }
    Optional<String> uuid = w.pool().known().flatMap(PoolView::selfUuid);
    if (uuid.isPresent()) {
      j.value("uuid", uuid.get());
    } else {
      j.nul("uuid");
    }
    j.end();
    if (w.pool() instanceof Observed.Known<PoolView> kp) {
      j.array("peers");
      for (Peer p : kp.value().peers()) {
        j.object()
            .value("uuid", p.uuid())
            .value("hostname", p.hostname())
            .array("hostnames", p.hostnames())
            .value("state", p.state().text())
            .value("stateCode", p.state().code())
            .value("connected", p.connected());
        if (w.bricks() instanceof Observed.Known<VolumeBricks> kb) {
          j.value("hostsBricks", kb.value().hosts(w.self(), p));
        }
        j.end();
      }
      j.end();
    } else {
      j.nul("peers");
      j.value("peersUnknown", w.pool().unknownWhy().orElse(""));
    }
    if (w.desired() instanceof Observed.Known<DesiredMembers> kd) {
      j.array("desired");
      for (Member m : kd.value().members()) {
        j.value(m.fqdn());
      }
      j.end();
      j.value("desiredSource", kd.value().source().label());
      if (kd.value().replicas().isPresent()) {
        j.value("replicas", kd.value().replicas().getAsInt());
      }
    } else {
      j.nul("desired");
      j.value("desiredUnknown", w.desired().unknownWhy().orElse(""));
    }
    j.array("actions");
    for (Action a : plan.actions()) {
      j.object().value("type", a.type()).value("host", a.host()).value("reason", a.reason().text());
      j.value("reasonCode", a.reason().code().name());
      if (a instanceof Action.Detach d) {
        j.value("uuid", d.uuid());
      }
      if (a instanceof Action.Repair r) {
        j.value("kind", r.kind().label()).value("reference", r.reference());
      }
      for (Reconciler.Outcome o : outcomes) {
        if (o.action() == a) {
          j.value("done", o.done()).value("message", o.message());
        }
      }
      j.end();
    }
    j.end();
    j.array("findings");
    for (Finding f : plan.findings()) {
      j.object()
          .value("severity", f.severity().name())
          .value("host", f.host())
          .value("reason", f.reason().text())
          .value("reasonCode", f.reason().code().name());
      f.section().ifPresent(s -> j.value("runbook", s.link()));
      j.end();
    }
    j.end();
    return j.end().done();
  }
}
