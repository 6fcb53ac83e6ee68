package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;

/**
 * The sandbox's clock: Kubernetes times (probe periods, timeouts, grace periods, the program's own
 * graces) all run {@code factor} times faster than in a cluster, set in this one place. With the
 * default factor 10 a 30 s liveness period is 3 s.
 *
 * <p>Only times that Kubernetes or the program choose are scaled; glusterd's own times (its 120 s CLI
 * timeout, the ~22 s before a partitioned peer shows Disconnected) are real and are not.
 *
 * @param factor how many times faster than a cluster; 1 is real time
 */
public record TimeScale(double factor) {
  /** System property that overrides the default factor, e.g. {@code -Dglusterctl.sandbox.timescale=5}. */
  public static final String PROPERTY = "glusterctl.sandbox.timescale";

  public static final double DEFAULT_FACTOR = 10;

  public TimeScale {
    if (!(factor >= 1)) {
      throw new IllegalArgumentException("a time scale factor is >= 1: " + factor);
    }
  }

  /** The factor from {@value #PROPERTY}, else {@value #DEFAULT_FACTOR}. */
  public static TimeScale fromSystemProperties() {
    String value = System.getProperty(PROPERTY);
    return new TimeScale(value == null || value.isBlank() ? DEFAULT_FACTOR : Double.parseDouble(value));
  }

  /** The sandbox time for {@code kube}, a time as a cluster would have it. */
  public Duration real(Duration kube) {
    return Duration.ofNanos((long) (kube.toNanos() / factor));
  }

  /** The sandbox time for {@code seconds} cluster seconds. */
  public Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9 / factor));
  }

  /**
   * A cluster time for the program's duration options ({@code GLUSTERCTL_DEADLINE} and the like),
   * scaled and written the way the program reads them: whole seconds, at least 1.
   */
  public String optionValue(Duration kube) {
    long seconds = Math.max(1, (long) Math.ceil(real(kube).toMillis() / 1000.0));
    return seconds + "s";
  }
}
