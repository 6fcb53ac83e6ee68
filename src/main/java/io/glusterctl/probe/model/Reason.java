package io.glusterctl.probe.model;

import java.util.Objects;

/**
 * A {@link ReasonCode} with its particulars, e.g. {@code ordinal 3 >= spec.replicas 3}.
 *
 * @param code what kind of reason
 * @param detail the particulars; may be empty
 */
public record Reason(ReasonCode code, String detail) {
  public Reason {
    Objects.requireNonNull(code, "code");
    detail = detail == null ? "" : detail;
  }

  public static Reason of(ReasonCode code, String detail) {
    return new Reason(code, detail);
  }

  public static Reason of(ReasonCode code) {
    return new Reason(code, "");
  }

  /** One line a person reads: the code's text, then the particulars. */
  public String text() {
    return detail.isEmpty() ? code.text() : code.text() + " (" + detail + ")";
  }
}
