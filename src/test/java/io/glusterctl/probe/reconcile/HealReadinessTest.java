package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.StoredVolume;
import io.glusterctl.probe.model.StoredVolume.Status;
import io.glusterctl.probe.plan.HealGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which heal queries readiness makes: only for started volumes with a brick on this node. */
class HealReadinessTest {
  static final String ME = "04ddef14-8fcf-49f9-8fb9-e0ed80af2af8";
  static final String OTHER = "8090a16d-b477-4ee2-8bd4-2e08635ff951";

  private final List<String> asked = new ArrayList<>();
  private final HealReadiness readiness =
      new HealReadiness(
          volume -> {
            asked.add(volume);
            return Observed.known(new HealSummary(volume, List.of()));
          });

  @Test
  void aNodeWithoutVolumesAsksNothing() {
    assertThat(readiness.observe(Observed.known(List.of()), Optional.of(ME))).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void onlyStartedVolumesWithABrickHereAreAsked() {
    List<StoredVolume> store =
        List.of(
            new StoredVolume("created", Status.CREATED, List.of(ME, OTHER)),
            new StoredVolume("elsewhere", Status.STARTED, List.of(OTHER)),
            new StoredVolume("mine", Status.STARTED, List.of(OTHER, ME)),
            new StoredVolume("stopped", Status.STOPPED, List.of(ME)));

    List<HealGate.Check> checks = readiness.observe(Observed.known(store), Optional.of(ME));

    assertThat(checks).extracting(HealGate.Check::name).containsExactly("mine");
    assertThat(asked).containsExactly("mine");
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
    List<StoredVolume> store = List.of(new StoredVolume("v1", Status.STARTED, List.of(ME)));

    List<HealGate.Check> checks = readiness.observe(Observed.known(store), Optional.empty());

    assertThat(checks).singleElement().extracting(HealGate.Check::name).isEqualTo(HealGate.STORE);
    assertThat(asked).isEmpty();
  }
}
