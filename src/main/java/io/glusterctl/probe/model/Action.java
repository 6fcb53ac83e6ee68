package io.glusterctl.probe.model;

import java.util.Objects;

/** Something the plan says to do to the pool, always with its reason. */
public sealed interface Action permits Action.Probe, Action.Detach, Action.Repair {

  /** {@code probe}, {@code detach} or {@code repair}: the JSON {@code type}. */
  String type();

  /** The host the action is about. */
  String host();

  Reason reason();

  /** One short line: {@code probe glusterfs-3...: desired member is not in the pool ...}. */
  default String line() {
    String extra =
        this instanceof Repair r ? " " + r.kind().label() + " from " + r.reference() : "";
    return type() + " " + host() + extra + ": " + reason().text();
  }

  /** {@code gluster peer probe <host>}. */
  record Probe(String host, Reason reason) implements Action {
    public Probe {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
      return "probe";
    }
  }

  /**
   * {@code gluster peer detach <host>}, with {@code force} only for a surplus peer that others, all
   * surplus and without bricks themselves, hold back because they are down; at most one per run.
   */
  record Detach(String host, String uuid, boolean force, Reason reason) implements Action {
    public Detach {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(uuid, "uuid");
      Objects.requireNonNull(reason, "reason");
    }

    /** A plain detach. */
    public Detach(String host, String uuid, Reason reason) {
      this(host, uuid, false, reason);
    }

    @Override
    public String type() {
      return "detach";
    }
  }

  /**
   * Repair this pod's glusterd state (the rejected-peer recovery): asked for by a run, carried out
   * by {@code prestart} before glusterd starts.
   *
   * @param host this pod's FQDN
   * @param kind what went wrong
   * @param reference the healthy member whose read-only pool view the repair rebuilds from
   */
  record Repair(String host, RepairKind kind, String reference, Reason reason) implements Action {
    public Repair {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
      return "repair";
    }
  }
}
