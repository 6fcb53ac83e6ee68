package io.glusterctl.probe.observe;

import io.glusterctl.probe.model.Observed;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Observed} value with the notes made while observing it: things seen and left out (a DNS
 * target that is not one of the StatefulSet's pods), worth one line each in a probe's output.
 *
 * @param observed what was seen, or why it could not be
 * @param notes what was noticed on the way; may be empty
 */
public record Observation<T>(Observed<T> observed, List<String> notes) {
  public Observation {
    Objects.requireNonNull(observed, "observed");
    notes = List.copyOf(notes);
  }

  public static <T> Observation<T> known(T value, List<String> notes) {
    return new Observation<>(Observed.known(value), notes);
  }

  public static <T> Observation<T> unknown(String why, List<String> notes) {
    return new Observation<>(Observed.unknown(why), notes);
  }
}
