package io.glusterctl.probe.cli;

import com.grack.nanojson.JsonStringWriter;
import com.grack.nanojson.JsonWriter;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders what a run saw, planned and did: a table for people ({@code status}), one short line per
 * thing for probes (the kubelet keeps only the first 10 KiB of output), and JSON for tools.
 */
final class Report {
  private Report() {}

  /** The table {@code status} prints. */
  static String table(World w, Plan plan, List<Reconciler.Outcome> outcomes) {
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
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"HOSTNAME", "UUID", "STATE", "BRICKS", "DESIRED"});
      for (Peer p : pool.peers()) {
        rows.add(
            new String[] {
              p.hostname(), p.uuid(), p.stateLine(), bricksCell(w, p), desiredCell(w, p)
            });
      }
      if (pool.peers().isEmpty()) {
        sb.append("  (none: this node is alone)\n");
      } else {
        sb.append(columns(rows));
      }
    } else {
      sb.append("peers:    UNKNOWN: ").append(w.pool().unknownWhy().orElse("")).append('\n');
    }
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
        sb.append("  ").append(f.line()).append('\n');
      }
    }
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

  private static String bricksCell(World w, Peer p) {
    if (w.bricks() instanceof Observed.Known<VolumeBricks> k) {
      return k.value().hosts(w.self(), p) ? "yes" : "no";
    }
    return "-";
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
          .value("reasonCode", f.reason().code().name())
          .end();
    }
    j.end();
    return j.end().done();
  }
}
