package io.glusterctl.probe.events;

import io.glusterctl.probe.exec.Deadline;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Events go: the Kubernetes API, or nowhere. Posting is side work: it never throws, never
 * takes longer than the deadline it is given, and says what it could not post in one line.
 */
public interface EventSink {

  /** Posts {@code events}, each as a new Event or as a repeat of the one with its name. */
  Posted post(List<KubeEvent> events, Instant now, Deadline deadline);

  /** A sink that posts nothing (no API to post to), and says nothing about it. */
  EventSink NONE = (events, now, deadline) -> new Posted(0, 0, List.of());

  /**
   * What a {@link #post} did.
   *
   * @param posted how many Events were created or updated
   * @param total how many there were to post
   * @param failures why the others were not, one entry each, for people (no token in them)
   */
  record Posted(int posted, int total, List<String> failures) {
    public Posted {
      failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
    }

    /**
     * One warning line when something was not posted: {@code WARN events: 1 of 3 not posted: ...}.
     */
    public Optional<String> warning() {
      if (failures.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          "WARN events: "
              + (total - posted)
              + " of "
              + total
              + " not posted: "
              + failures.get(0)
              + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
    }
  }
}
