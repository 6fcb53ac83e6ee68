package io.glusterctl.probe.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Something the planner noticed and reports without acting on it: a disconnected member, a blocked
 * detach, an observation that failed.
 *
 * @param severity how loudly to say it
 * @param host the host it is about, or empty when it is about the whole pool
 * @param reason what and why
 */
public record Finding(Severity severity, String host, Reason reason) {
  public enum Severity {
    INFO,
    WARN,
    ERROR
  }

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(reason, "reason");
    host = host == null ? "" : host;
  }

  public static Finding info(String host, Reason reason) {
    return new Finding(Severity.INFO, host, reason);
  }

  public static Finding warn(String host, Reason reason) {
    return new Finding(Severity.WARN, host, reason);
  }

  public static Finding error(String host, Reason reason) {
    return new Finding(Severity.ERROR, host, reason);
  }

  /** The runbook section that says what this means and what a person may do about it. */
  public Optional<RunbookSection> section() {
    return RunbookSection.of(reason.code());
  }

  /** One short line: {@code WARN glusterfs-2...: desired member is disconnected ...}. */
  public String line() {
    return severity + " " + (host.isEmpty() ? "" : host + ": ") + reason.text();
  }
}
