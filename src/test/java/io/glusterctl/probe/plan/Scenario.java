package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.fqdn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.ReasonCode;
import java.util.List;
import org.assertj.core.groups.Tuple;

/**
 * One row of a planner table: given this world, these actions in this order (type, host, reason
 * code), and exactly these findings (host, reason code) in any order, each as often as listed (a
 * finding reported twice fails a row that lists it once), and none of {@code absent}.
 */
record Scenario(
    String name,
    PlannerSettings settings,
    World world,
    List<Tuple> actions,
    List<Tuple> findings,
    List<Tuple> absent) {

  static Scenario given(String name, World world) {
    return new Scenario(name, Pools.SETTINGS, world, List.of(), List.of(), List.of());
  }

  Scenario settings(PlannerSettings s) {
    return new Scenario(name, s, world, actions, findings, absent);
  }

  Scenario actions(Tuple... a) {
    return new Scenario(name, settings, world, List.of(a), findings, absent);
  }

  Scenario findings(Tuple... f) {
    return new Scenario(name, settings, world, actions, List.of(f), absent);
  }

  Scenario noFindings(Tuple... f) {
    return new Scenario(name, settings, world, actions, findings, List.of(f));
  }

  Plan plan() {
    return new Planner(settings).plan(world);
  }

  /** Runs the planner and checks the row. */
  Plan check() {
    Plan p = plan();
    assertThat(p.actions())
        .as("actions of '%s'", name)
        .extracting(Action::type, Action::host, a -> a.reason().code())
        .containsExactlyElementsOf(actions);
    var found =
        assertThat(p.findings())
            .as("findings of '%s'", name)
            .extracting(Finding::host, f -> f.reason().code())
            .containsExactlyInAnyOrderElementsOf(findings);
    for (Tuple t : absent) {
      found.doesNotContain(t);
    }
    return p;
  }

  @Override
  public String toString() {
    return name;
  }

  static Tuple probe(int ordinal, ReasonCode why) {
    return tuple("probe", fqdn(ordinal), why);
  }

  static Tuple detach(int ordinal, ReasonCode why) {
    return tuple("detach", fqdn(ordinal), why);
  }

  static Tuple repair(int ordinal, ReasonCode why) {
    return tuple("repair", fqdn(ordinal), why);
  }

  /** A finding about pod {@code ordinal}. */
  static Tuple about(int ordinal, ReasonCode why) {
    return tuple(fqdn(ordinal), why);
  }

  /** A finding about a host that is not named after an ordinal. */
  static Tuple about(String host, ReasonCode why) {
    return tuple(host, why);
  }

  /** A finding about the whole pool (no host). */
  static Tuple pool(ReasonCode why) {
    return tuple("", why);
  }
}
