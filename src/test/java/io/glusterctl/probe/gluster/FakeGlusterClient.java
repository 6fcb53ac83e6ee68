package io.glusterctl.probe.gluster;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.parse.PoolList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one fake {@link GlusterClient} of the unit tests: says what each call answers, fluently, and
 * records every call in order ({@code local peer status}, {@code remote peer status <host>}, {@code
 * remote pool list <host>}, {@code volume info}, {@code probe <host>}, {@code detach <host>},
 * {@code detach <host> force}).
 *
 * <pre>
 * FakeGlusterClient gluster =
 *     FakeGlusterClient.alone()
 *         .remote(fqdn(0), view0)
 *         .bricks(VolumeBricks.NONE)
 *         .detachAnswers(false, "peer detach: failed: One of the peers is probably down");
 * </pre>
 *
 * Until a test says otherwise: this node's glusterd answers and is alone; other members, their pool
 * lists and the bricks are Unknown; a probe or a detach succeeds.
 */
public final class FakeGlusterClient implements GlusterClient {
  private Liveness local = new Liveness(true, Observed.known(PoolView.of(List.of())), "");
  private final Map<String, Observed<PoolView>> remotes = new HashMap<>();
  private Function<String, Observed<PoolView>> otherRemotes =
      host -> Observed.unknown(host + ": not answered by the fake");
  private final Map<String, Observed<PoolList>> poolLists = new HashMap<>();
  private Observed<VolumeBricks> bricks = Observed.unknown("volume info: not answered by the fake");
  private Outcome probe = new Outcome(true, "peer probe: success");
  private Outcome detach = new Outcome(true, "peer detach: success");
  private Outcome forceDetach = new Outcome(true, "peer detach: success");
  private final List<String> calls = new ArrayList<>();

  private FakeGlusterClient() {}

  /** A glusterd that answers and is alone. */
  public static FakeGlusterClient alone() {
    return new FakeGlusterClient();
  }

  /** A glusterd that answers with this pool. */
  public static FakeGlusterClient withPool(PoolView pool) {
    return new FakeGlusterClient().local(Observed.known(pool));
  }

  /** This node's glusterd answers with this pool (or answers, and the listing is Unknown). */
  public FakeGlusterClient local(Observed<PoolView> pool) {
    local = new Liveness(true, pool, "");
    return this;
  }

  /** This node's glusterd does not answer. */
  public FakeGlusterClient dead(String problem) {
    local = new Liveness(false, Observed.unknown(problem), problem);
    return this;
  }

  /** What {@code host} answers to a read-only {@code peer status}. */
  public FakeGlusterClient remote(String host, PoolView view) {
    return remote(host, Observed.known(view));
  }

  public FakeGlusterClient remote(String host, Observed<PoolView> view) {
    remotes.put(host, view);
    return this;
  }

  /** What every member not named with {@link #remote} answers. */
  public FakeGlusterClient otherRemotes(Function<String, Observed<PoolView>> answer) {
    otherRemotes = answer;
    return this;
  }

  /** What {@code host} answers to a read-only {@code pool list}. */
  public FakeGlusterClient poolList(String host, Observed<PoolList> list) {
    poolLists.put(host, list);
    return this;
  }

  public FakeGlusterClient bricks(VolumeBricks b) {
    return bricks(Observed.known(b));
  }

  public FakeGlusterClient bricks(Observed<VolumeBricks> b) {
    bricks = b;
    return this;
  }

  public FakeGlusterClient probeAnswers(boolean ok, String message) {
    probe = new Outcome(ok, message);
    return this;
  }

  public FakeGlusterClient detachAnswers(boolean ok, String message) {
    detach = new Outcome(ok, message);
    return this;
  }

  public FakeGlusterClient forceDetachAnswers(boolean ok, String message) {
    forceDetach = new Outcome(ok, message);
    return this;
  }

  /** Every call so far, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** The hosts asked for their {@code peer status}, in order. */
  public List<String> remoteViewsAsked() {
    String prefix = "remote peer status ";
    return calls.stream()
        .filter(c -> c.startsWith(prefix))
        .map(c -> c.substring(prefix.length()))
        .toList();
  }

  @Override
  public Liveness localPool() {
    calls.add("local peer status");
    return local;
  }

  @Override
  public Observed<PoolView> remotePool(String host) {
    calls.add("remote peer status " + host);
    return remotes.containsKey(host) ? remotes.get(host) : otherRemotes.apply(host);
  }

  @Override
  public Observed<PoolList> remotePoolList(String host) {
    calls.add("remote pool list " + host);
    return poolLists.getOrDefault(
        host, Observed.unknown(host + " pool list: not answered by the fake"));
  }

  @Override
  public Observed<VolumeBricks> bricks() {
    calls.add("volume info");
    return bricks;
  }

  @Override
  public Outcome probe(String host) {
    calls.add("probe " + host);
    return probe;
  }

  @Override
  public Outcome detach(String host) {
    calls.add("detach " + host);
    return detach;
  }

  @Override
  public Outcome forceDetach(String host) {
    calls.add("detach " + host + " force");
    return forceDetach;
  }
}
