package io.glusterctl.probe.observe;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one port through which a run asks for the desired members: the API ({@link
 * KubeApiMembersSource}), the Service's DNS ({@link DnsMembersSource}), the API with DNS as its
 * fallback ({@link ApiThenDns}); behind it a unit test puts a fake.
 */
public interface DesiredMembersSource {

  /**
   * The desired members, or why they could not be seen, within {@code deadline}; each note is a
   * line for the run's output.
   */
  Observation<DesiredMembers> desiredMembers(Deadline deadline);

  /** A source that cannot be asked: every answer is Unknown, for this reason. */
  static DesiredMembersSource unavailable(String why) {
    return deadline -> Observation.unknown(why, List.of());
  }

  /** This source with each of its notes said as {@code NOTE <label>: <note>}. */
  default DesiredMembersSource labelled(String label) {
    return deadline -> {
      Observation<DesiredMembers> o = desiredMembers(deadline);
      return new Observation<>(
          o.observed(), o.notes().stream().map(n -> "NOTE " + label + ": " + n).toList());
    };
  }

  /** This source, handing each note to {@code sink} as it is made (the run's stderr). */
  default DesiredMembersSource notesTo(Consumer<String> sink) {
    return deadline -> {
      Observation<DesiredMembers> o = desiredMembers(deadline);
      o.notes().forEach(sink);
      return o;
    };
  }
}
