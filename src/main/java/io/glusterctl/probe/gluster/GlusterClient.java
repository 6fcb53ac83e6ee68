package io.glusterctl.probe.gluster;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.BrickProcesses;
import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The port to glusterd: what the program reads from it and the two things it changes. Every call is
 * bounded by a deadline; a call that fails or times out is Unknown (reads) or a failed {@link
 * Outcome} (changes), never an exception.
 */
public interface GlusterClient extends HealQuery {

  /** This node's pool: {@code peer status}, with this node's UUID. */
  Liveness localPool();

  /** Another member's view, asked read-only with {@code --remote-host}. */
  Observed<PoolView> remotePool(String host);

  /**
   * Other members' views ({@link #remotePool}), in the order of {@code hosts} whatever order the
   * calls end in. A call starts only while {@code startBy} has not passed; a host whose call did
   * not start is left out (not asked: the caller says why). The default asks one host after
   * another; {@link CliGlusterClient} asks a few at once.
   */
  default Map<String, Observed<PoolView>> remotePools(List<String> hosts, Deadline startBy) {
    Map<String, Observed<PoolView>> views = new LinkedHashMap<>();
    for (String host : hosts) {
      if (startBy.expired()) {
        break;
      }
      views.put(host, remotePool(host));
    }
    return views;
  }

  /** Another member's {@code pool list} (itself included, as {@code localhost}), read-only. */
  Observed<io.glusterctl.probe.parse.PoolList> remotePoolList(String host);

  /** {@code volume info}: which peers host bricks. */
  Observed<VolumeBricks> bricks();

  /**
   * {@code volume status all}: the brick processes of every started volume. For people ({@code
   * status}); the planner does not need it.
   */
  default Observed<BrickProcesses> brickProcesses() {
    return Observed.unknown("volume status: not read by this client");
  }

  /**
   * {@code volume heal VOL info summary}: what waits to be healed, brick by brick; the same query
   * readiness asks through {@link HealQuery}, which {@code status} reads for people.
   */
  @Override
  default Observed<HealSummary> healSummary(String volume) {
    return Observed.unknown("volume heal " + volume + " info summary: not read by this client");
  }

  /** {@code peer probe <host>}. */
  Outcome probe(String host);

  /** {@code peer detach <host>}. */
  Outcome detach(String host);

  /**
   * {@code peer detach <host> force}: only for a surplus peer that glusterd's peer-down check holds
   * back while every peer that is down is surplus too ({@code DetachGuard.forceAllowed}).
   */
  Outcome forceDetach(String host);

  /**
   * This client with every call ending within {@code d} from now (sooner when the run ends first):
   * for observations that are worth making only while they leave the run time to act. The default
   * is this client unchanged, for stand-ins whose calls take no time.
   */
  default GlusterClient within(Duration d) {
    return this;
  }

  /**
   * The local pool, and whether glusterd answered at all. glusterd can answer and still fail the
   * listing (for a few seconds while a probe handshake is under way): alive, pool Unknown.
   *
   * @param alive glusterd answered (whatever it said)
   * @param pool the pool, or why it is Unknown
   * @param problem when not alive, one line saying what is wrong
   */
  record Liveness(boolean alive, Observed<PoolView> pool, String problem) {}

  /**
   * What a change did.
   *
   * @param ok glusterd said it succeeded
   * @param message glusterd's message, or what went wrong
   */
  record Outcome(boolean ok, String message) {}
}
