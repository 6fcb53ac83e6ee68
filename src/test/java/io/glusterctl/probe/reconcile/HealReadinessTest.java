package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.StoredVolume;
import io.glusterctl.probe.model.StoredVolume.Status;
import io.glusterctl.probe.plan.HealGate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which heal queries readiness makes: only for started volumes with a brick on this node. */
class HealReadinessTest {
  static final String ME = "04ddef14-8fcf-49f9-8fb9-e0ed80af2af8";
  static final String OTHER = "8090a16d-b477-4ee2-8bd4-2e08635ff951";

  private final List<String> asked = new ArrayList<>();
  private final List<String> looked = new ArrayList<>();
  private final Set<String> gone = new HashSet<>();
  private HealSummary answer = new HealSummary("v1", List.of());
  private final HealReadiness readiness =
      new HealReadiness(
          volume -> {
            asked.add(volume);
            return Observed.known(answer);
          },
          path -> {
            looked.add(path);
            return gone.contains(path);
          });

  static StoredVolume volume(String name, Status status, String... uuids) {
    List<StoredVolume.Brick> bricks = new ArrayList<>();
    for (int i = 0; i < uuids.length; i++) {
      bricks.add(new StoredVolume.Brick("h" + i, "/b/" + name, Optional.of(uuids[i])));
    }
    return new StoredVolume(name, status, bricks);
  }

  static HealSummary.BrickHeal reached(String brick) {
    return new HealSummary.BrickHeal(brick, "Connected", OptionalLong.of(0));
  }

  static HealSummary.BrickHeal unreached(String brick) {
    return new HealSummary.BrickHeal(
        brick, "Transport endpoint is not connected", OptionalLong.empty());
  }

  @Test
  void aNodeWithoutVolumesAsksNothing() {
    assertThat(readiness.observe(Observed.known(List.of()), Optional.of(ME))).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void onlyStartedVolumesWithABrickHereAreAsked() {
    List<StoredVolume> store =
        List.of(
            volume("created", Status.CREATED, ME, OTHER),
            volume("elsewhere", Status.STARTED, OTHER),
            volume("mine", Status.STARTED, OTHER, ME),
            volume("stopped", Status.STOPPED, ME));

    List<HealGate.Check> checks = readiness.observe(Observed.known(store), Optional.of(ME));

    assertThat(checks).extracting(HealGate.Check::name).containsExactly("mine");
    assertThat(asked).containsExactly("mine");
    assertThat(looked).as("directories looked at while every brick is reached").isEmpty();
  }

  @Test
  void aBrickOfThisNodeThatWasNotReachedHasItsDirectoryLookedAt() {
    List<StoredVolume> store = List.of(volume("v1", Status.STARTED, OTHER, ME, OTHER));
    answer =
        new HealSummary(
            "v1", List.of(reached("h0:/b/v1"), unreached("h1:/b/v1"), unreached("h2:/b/v1")));
    gone.add("/b/v1");

    List<HealGate.Check> checks = readiness.observe(Observed.known(store), Optional.of(ME));

    assertThat(checks)
        .singleElement()
        .satisfies(c -> assertThat(c.missingBricks()).containsExactly("h1:/b/v1"));
    assertThat(looked).as("only this node's unreached brick").containsExactly("/b/v1");
  }

  @Test
  void anUnreachedBrickWhoseDirectoryIsThereIsNotMissing() {
    List<StoredVolume> store = List.of(volume("v1", Status.STARTED, OTHER, ME));
    answer = new HealSummary("v1", List.of(reached("h0:/b/v1"), unreached("h1:/b/v1")));

    List<HealGate.Check> checks = readiness.observe(Observed.known(store), Optional.of(ME));

    assertThat(checks).singleElement().satisfies(c -> assertThat(c.missingBricks()).isEmpty());
    assertThat(looked).containsExactly("/b/v1");
  }

  @Test
  void anUnreadableStoreIsOneUnknownCheckAndNoQuery() {
    List<HealGate.Check> checks =
        readiness.observe(Observed.unknown("cannot list vols"), Optional.of(ME));

    assertThat(checks)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo(HealGate.STORE);
              assertThat(c.heal().unknownWhy()).get().asString().contains("cannot list vols");
            });
    assertThat(asked).isEmpty();
  }

  @Test
  void startedVolumesAndNoUuidOfThisNodeIsUnknownNotNone() {
    List<StoredVolume> store = List.of(volume("v1", Status.STARTED, ME));

    List<HealGate.Check> checks = readiness.observe(Observed.known(store), Optional.empty());

    assertThat(checks).singleElement().extracting(HealGate.Check::name).isEqualTo(HealGate.STORE);
    assertThat(asked).isEmpty();
  }
}
