package io.glusterctl.probe.sim;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.gluster.CliGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.parse.PoolList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@link GlusterClient} port of one pod in one run, backed by the {@link GlusterdModel}: every
 * call is one gluster CLI process (counted) that takes the run's time ({@link RunTime}). Its
 * answers are what {@code CliGlusterClient} makes of glusterd's: a listing that fails is Unknown, a
 * refused probe or detach a failed {@link Outcome} with glusterd's message. A probe changes the
 * model at the moment of the run it happens ({@link EventLoop#at}); a detach at once, since the
 * run's next detach depends on it. A call cut off by its limit (the run's deadline, or {@link
 * #within}) is killed, and glusterd still finishes a probe or detach it began.
 */
final class SimGluster implements GlusterClient {
  private static final String KILLED = "killed at its deadline";

  private final GlusterdModel model;
  private final EventLoop loop;
  private final Timings t;
  private final int ordinal;
  private final RunCounts counts;
  private final RunTime time;
  private final Instant limit;

  SimGluster(
      GlusterdModel model,
      EventLoop loop,
      Timings t,
      int ordinal,
      RunCounts counts,
      RunTime time,
      Instant limit) {
    this.model = model;
    this.loop = loop;
    this.t = t;
    this.ordinal = ordinal;
    this.counts = counts;
    this.time = time;
    this.limit = limit;
  }

  @Override
  public GlusterClient within(Duration d) {
    Instant end = time.instant().plus(d);
    return new SimGluster(model, loop, t, ordinal, counts, time, end.isBefore(limit) ? end : limit);
  }

  private boolean spend(Duration d) {
    return time.spendUntil(d, limit);
  }

  @Override
  public Liveness localPool() {
    counts.cli++;
    if (!spend(t.localCall())) {
      return new Liveness(false, Observed.unknown(KILLED), KILLED);
    }
    GlusterdModel.Node n = model.node(ordinal);
    if (!n.up) {
      String why = "exit 1: Connection failed. Please check if gluster daemon is operational.";
      return new Liveness(false, Observed.unknown(why), why);
    }
    return new Liveness(true, view(n), "");
  }

  @Override
  public Observed<PoolView> remotePool(String host) {
    counts.cli++;
    OptionalInt o = model.ordinalOf(host);
    if (!model.answers(ordinal, host)) {
      spend(model.connectTime(ordinal, host).plus(t.localCall()));
      return Observed.unknown(
          host + ": exit 1: Connection failed. Please check if gluster daemon is operational.");
    }
    if (!spend(t.remoteCall())) {
      return Observed.unknown(host + ": " + KILLED);
    }
    return view(model.node(o.getAsInt()));
  }

  /**
   * The CLI client's {@code remotePools} modelled as a pool of {@link
   * CliGlusterClient#VIEWS_AT_ONCE} workers: each takes the next host as soon as it is free and its
   * call takes the call's own time ({@link #remoteCall}); a call starts only before {@code
   * startBy}; the run goes on when the last call has ended (or at the limit, which kills what is
   * still running). The CPU is left out, as everywhere in the simulation: calls at once do not slow
   * each other down, which holds while the pod has a core per call's CPU share (60-90 ms of a 100
   * ms call on a quiet node); on fewer cores each call would take longer.
   */
  @Override
  public Map<String, Observed<PoolView>> remotePools(List<String> hosts, Deadline startBy) {
    Instant start = time.instant();
    Instant stopStarting = start.plus(startBy.remaining());
    Instant[] free = new Instant[CliGlusterClient.VIEWS_AT_ONCE];
    Arrays.fill(free, start);
    Instant last = start;
    Map<String, Observed<PoolView>> views = new LinkedHashMap<>();
    for (String host : hosts) {
      int w = 0;
      for (int i = 1; i < free.length; i++) {
        w = free[i].isBefore(free[w]) ? i : w;
      }
      if (!free[w].isBefore(stopStarting) || !free[w].isBefore(limit)) {
        break; // no worker is free before the time to start calls has passed
      }
      RemoteCall c = remoteCall(host, free[w]);
      views.put(host, c.view());
      free[w] = c.ends();
      last = c.ends().isAfter(last) ? c.ends() : last;
    }
    time.spendUntil(Duration.between(start, last), limit);
    return views;
  }

  /** One remote listing started at {@code begins}: what it returns and when its process ends. */
  private record RemoteCall(Observed<PoolView> view, Instant ends) {}

  private RemoteCall remoteCall(String host, Instant begins) {
    counts.cli++;
    if (!model.answers(ordinal, host)) {
      Instant ends = begins.plus(model.connectTime(ordinal, host).plus(t.localCall()));
      return new RemoteCall(
          Observed.unknown(
              host + ": exit 1: Connection failed. Please check if gluster daemon is operational."),
          ends.isAfter(limit) ? limit : ends);
    }
    Instant ends = begins.plus(t.remoteCall());
    if (ends.isAfter(limit)) {
      return new RemoteCall(Observed.unknown(host + ": " + KILLED), limit);
    }
    return new RemoteCall(view(model.node(model.ordinalOf(host).getAsInt())), ends);
  }

  @Override
  public Observed<PoolList> remotePoolList(String host) {
    counts.cli++;
    OptionalInt o = model.ordinalOf(host);
    if (!model.answers(ordinal, host)) {
      spend(model.connectTime(ordinal, host).plus(t.localCall()));
      return Observed.unknown(host + " pool list: exit 1: Connection failed.");
    }
    if (!spend(t.remoteCall())) {
      return Observed.unknown(host + " pool list: " + KILLED);
    }
    GlusterdModel.Node n = model.node(o.getAsInt());
    if (model.listingFails(n.ordinal)) {
      return Observed.unknown(host + " pool list: opRet -22");
    }
    List<PoolList.Entry> entries = new ArrayList<>();
    for (GlusterdModel.PeerRecord r : n.peers.values()) {
      entries.add(new PoolList.Entry(r.uuid, r.hostnames.get(0), n.connectedTo(r.uuid)));
    }
    entries.add(new PoolList.Entry(n.uuid, PoolList.LOCALHOST, true));
    return Observed.known(new PoolList(n.uuid, entries));
  }

  @Override
  public Observed<VolumeBricks> bricks() {
    counts.cli++;
    if (!spend(t.localCall())) {
      return Observed.unknown("volume info: " + KILLED);
    }
    GlusterdModel.Node me = model.node(ordinal);
    if (!me.up) {
      return Observed.unknown("volume info: exit 1: Connection failed.");
    }
    List<VolumeBricks.Brick> bricks = new ArrayList<>();
    for (GlusterdModel.Node n : model.nodes()) {
      boolean inMyPool = n == me || me.peers.containsKey(n.uuid);
      if (n.hostsBricks && inMyPool) {
        bricks.add(new VolumeBricks.Brick("v1", n.fqdn, "/bricks/b", n.uuid));
      }
    }
    return Observed.known(new VolumeBricks(bricks));
  }

  @Override
  public Outcome probe(String host) {
    counts.cli++;
    counts.probes++;
    if (!model.node(ordinal).up) {
      spend(t.localCall());
      return new Outcome(false, "peer probe " + host + ": exit 1: Connection failed.");
    }
    GlusterdModel.Answer a = model.probeCheck(ordinal, host);
    Instant begins = time.instant();
    boolean answered = spend(model.probeDuration(ordinal, host));
    Instant ends = time.instant().isAfter(begins) ? time.instant() : begins;
    if (a.ok() && a.opErrno() == 0) {
      // the prober's listing fails until the new peer's UUID is back (the lab: opRet -22)
      GlusterdModel.Node me = model.node(ordinal);
      loop.at(begins, () -> me.probesInFlight++);
      loop.at(
          ends,
          () -> {
            me.probesInFlight--;
            model.probeEnd(ordinal, host);
          });
    }
    return answered
        ? new Outcome(a.ok(), "peer probe " + host + ": " + a.text())
        : new Outcome(false, "peer probe " + host + ": " + KILLED);
  }

  @Override
  public Outcome detach(String host) {
    return detach(host, false);
  }

  @Override
  public Outcome forceDetach(String host) {
    return detach(host, true);
  }

  private Outcome detach(String host, boolean force) {
    counts.cli++;
    counts.detaches++;
    String cmd = "peer detach " + host + (force ? " force" : "");
    if (!model.node(ordinal).up) {
      spend(t.localCall());
      return new Outcome(false, cmd + ": exit 1: Connection failed.");
    }
    // applied at once: the run's next detach depends on it (a forced detach lets the plain one
    // of the last peer that is down through)
    GlusterdModel.Answer a = model.detachEnd(ordinal, host, force);
    boolean answered = spend(model.detachDuration());
    return answered
        ? new Outcome(a.ok(), cmd + ": " + a.text())
        : new Outcome(false, cmd + ": " + KILLED);
  }

  private Observed<PoolView> view(GlusterdModel.Node n) {
    if (model.listingFails(n.ordinal)) {
      return Observed.unknown("peer status: opRet -22 (a probe handshake is under way)");
    }
    List<Peer> peers = new ArrayList<>();
    for (GlusterdModel.PeerRecord r : n.peers.values()) {
      peers.add(new Peer(r.uuid, r.hostnames.get(0), r.hostnames, r.state, n.connectedTo(r.uuid)));
    }
    return Observed.known(PoolView.of(peers).withSelfUuid(n.uuid));
  }
}
