package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;

/**
 * The sandbox's clock, set in this one place: Kubernetes times run {@code factor} times faster than
 * in a cluster. With the default factor 2 a 30 s liveness period is 15 s, a 15 s readiness period
 * 7.5 s, the program's 3 min stuck grace 90 s. Every probe run starts a JVM (about 0.4 s of CPU for
 * a steady-state readiness run, 0.8 s for a liveness run that asks the API): at factor 5 five pods'
 * probes alone keep two cores busy, every run takes seconds, and a 5-pod pool did not form in CI
 * (runs of 5 s, no probe within the run's deadline). At factor 3 five pods' probes take about 1.3
 * cores: measured in a clean-clone CI run on a quiet 2-core machine, a 5-pod StatefulSet ran at
 * load 13 to 14, even a readiness run took 9 s, and 5-pod pools did not form
 * (Experiment2ScaleUpTest, Experiment3ScaleDownTest). At factor 2 they take about 0.9 of a core.
 *
 * <p>Timeouts are the exception: a probe's {@code timeoutSeconds}, {@code
 * terminationGracePeriodSeconds} and the program's {@code --deadline} bound how long real commands
 * (a JVM start, the gluster CLI, glusterd's handshakes) may take, and those do not run faster in a
 * sandbox. By default they are not scaled at all ({@code timeoutFactor} 1): the run deadline is the
 * manifest's 20 s, the gluster timeout 8 s, the probe timeout 25 s. Measured in a clean-clone CI
 * run on a quiet 2-core machine: with timeouts halved (deadline 10 s, gluster timeout 4 s) the
 * sandbox's own probe JVMs put a 5-pod StatefulSet at load 13, runs took 6 to 10 s, and pools did
 * not form because the runs' calls no longer fit their deadline; the fault tests, which already ran
 * with unscaled timeouts, passed in the same run.
 *
 * <p>glusterd's own times (its 120 s CLI timeout, the ~22 s before a partitioned peer shows
 * Disconnected) are real and are never scaled.
 *
 * @param factor how many times faster than a cluster periods and delays run; 1 is real time
 * @param timeoutFactor how many times shorter timeouts and deadlines are; at most {@code factor}
 */
public record TimeScale(double factor, double timeoutFactor) {
  /**
   * System property that overrides the default factor, e.g. {@code
   * -Dglusterctl.sandbox.timescale=2}.
   */
  public static final String PROPERTY = "glusterctl.sandbox.timescale";

  /** System property that overrides the timeout factor. */
  public static final String TIMEOUT_PROPERTY = "glusterctl.sandbox.timeoutscale";

  public static final double DEFAULT_FACTOR = 2;
  public static final double DEFAULT_TIMEOUT_FACTOR = 1;

  public TimeScale {
    if (!(factor >= 1) || !(timeoutFactor >= 1) || timeoutFactor > factor) {
      throw new IllegalArgumentException(
          "time scale factors must be >= 1 and timeoutFactor <= factor: "
              + factor
              + ", "
              + timeoutFactor);
    }
  }

  /** One factor for everything. */
  public static TimeScale of(double factor) {
    return new TimeScale(factor, factor);
  }

  /** The factors from {@value #PROPERTY} and {@value #TIMEOUT_PROPERTY}, else the defaults. */
  public static TimeScale fromSystemProperties() {
    double f = number(PROPERTY, DEFAULT_FACTOR);
    return new TimeScale(f, Math.min(f, number(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_FACTOR)));
  }

  private static double number(String property, double otherwise) {
    String value = System.getProperty(property);
    return value == null || value.isBlank() ? otherwise : Double.parseDouble(value);
  }

  /** The sandbox time for a period or delay of {@code kube}, as a cluster would have it. */
  public Duration real(Duration kube) {
    return Duration.ofNanos((long) (kube.toNanos() / factor));
  }

  /** The sandbox time for a period or delay of {@code seconds} cluster seconds. */
  public Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9 / factor));
  }

  /** The sandbox time for a timeout or deadline of {@code seconds} cluster seconds. */
  public Duration timeoutSeconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9 / timeoutFactor));
  }

  /**
   * A program duration option ({@code GLUSTERCTL_STUCK_GRACE}...) for a delay, in whole seconds, at
   * least 1.
   */
  public String optionValue(Duration kube) {
    return wholeSeconds(real(kube));
  }

  /** A program duration option for a timeout or deadline ({@code GLUSTERCTL_DEADLINE}). */
  public String timeoutOptionValue(Duration kube) {
    return wholeSeconds(timeoutSeconds(kube.toMillis() / 1000.0));
  }

  /**
   * A command with its {@code --deadline <N>s} (cluster time, as in the manifest's preStop) scaled
   * like a timeout; other arguments unchanged.
   */
  public java.util.List<String> scaleDeadlines(java.util.List<String> command) {
    java.util.List<String> out = new java.util.ArrayList<>(command);
    for (int i = 0; i + 1 < out.size(); i++) {
      if (out.get(i).equals("--deadline") && out.get(i + 1).matches("[0-9]+s")) {
        long seconds = Long.parseLong(out.get(i + 1).substring(0, out.get(i + 1).length() - 1));
        out.set(i + 1, timeoutOptionValue(Duration.ofSeconds(seconds)));
      }
    }
    return out;
  }

  private static String wholeSeconds(Duration d) {
    return Math.max(1, (long) Math.ceil(d.toMillis() / 1000.0)) + "s";
  }
}
