package io.glusterctl.probe.state;

import java.util.List;
import java.util.Objects;

/**
 * What was read from the state directory. Reading never fails: a file that is missing, unreadable
 * or corrupt gives the empty value and says why, and the run starts fresh.
 *
 * @param value what was read, or the empty value
 * @param status how the reading went
 * @param warnings for people: why the value is empty, or which entries were left out
 */
public record Loaded<T>(T value, Status status, List<String> warnings) {
  public enum Status {
    /** Read (some entries may have been left out; see the warnings). */
    FOUND,
    /** No state file: the first run, or the state was lost. */
    MISSING,
    /** The file is there but could not be read. */
    UNREADABLE,
    /** The file was read but is not a state file. */
    CORRUPT
  }

  public Loaded {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(status, "status");
    warnings = List.copyOf(warnings);
  }

  /** The same status and warnings with another value. */
  public <R> Loaded<R> with(R other, List<String> moreWarnings) {
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(moreWarnings);
    return new Loaded<>(other, status, all);
  }

  /** The warnings as one line; empty when there are none. */
  public String warning() {
    return String.join("; ", warnings);
  }
}
