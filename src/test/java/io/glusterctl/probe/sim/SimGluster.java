package io.glusterctl.probe.sim;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.parse.PoolList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@link GlusterClient} port of one pod, backed by the {@link GlusterdModel}: every call is one
 * gluster CLI process (counted) that takes simulated time. Its answers are what {@code
 * CliGlusterClient} makes of glusterd's: a listing that fails is Unknown, a refused probe or detach
 * a failed {@link Outcome} with glusterd's message.
 */
final class SimGluster implements GlusterClient {
  private final GlusterdModel model;
  private final EventLoop loop;
  private final Timings t;
  private final int ordinal;
  private final RunCounts counts;

  SimGluster(GlusterdModel model, EventLoop loop, Timings t, int ordinal, RunCounts counts) {
    this.model = model;
    this.loop = loop;
    this.t = t;
    this.ordinal = ordinal;
    this.counts = counts;
  }

  @Override
  public Liveness localPool() {
    counts.cli++;
    loop.sleep(t.localCall());
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
      loop.sleep(model.connectTime(ordinal, host).plus(t.localCall()));
      return Observed.unknown(
          host + ": exit 1: Connection failed. Please check if gluster daemon is operational.");
    }
    loop.sleep(t.remoteCall());
    return view(model.node(o.getAsInt()));
  }

  @Override
  public Observed<PoolList> remotePoolList(String host) {
    counts.cli++;
    OptionalInt o = model.ordinalOf(host);
    if (!model.answers(ordinal, host)) {
      loop.sleep(model.connectTime(ordinal, host).plus(t.localCall()));
      return Observed.unknown(host + " pool list: exit 1: Connection failed.");
    }
    loop.sleep(t.remoteCall());
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
    loop.sleep(t.localCall());
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
    GlusterdModel.Node me = model.node(ordinal);
    if (!me.up) {
      loop.sleep(t.localCall());
      return new Outcome(false, "peer probe " + host + ": exit 1: Connection failed.");
    }
    Duration d = model.probeDuration(ordinal, host);
    GlusterdModel.Answer before = model.probeCheck(ordinal, host);
    boolean handshake = before.ok() && before.opErrno() == 0;
    if (handshake) {
      me.probesInFlight++;
    }
    try {
      loop.sleep(d);
    } finally {
      if (handshake) {
        me.probesInFlight--;
      }
    }
    GlusterdModel.Answer a = model.probeEnd(ordinal, host);
    return new Outcome(a.ok(), "peer probe " + host + ": " + a.text());
  }

  @Override
  public Outcome detach(String host) {
    counts.cli++;
    counts.detaches++;
    if (!model.node(ordinal).up) {
      loop.sleep(t.localCall());
      return new Outcome(false, "peer detach " + host + ": exit 1: Connection failed.");
    }
    loop.sleep(model.detachDuration());
    GlusterdModel.Answer a = model.detachEnd(ordinal, host, false);
    return new Outcome(a.ok(), "peer detach " + host + ": " + a.text());
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
