package io.glusterctl.probe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine's 1-minute load average, read before and after a measurement and shown next to it.
 */
public record LoadAverage(double before, double after) {

  /** The 1-minute load average now ({@code /proc/loadavg}); NaN when it cannot be read. */
  public static double now() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public static LoadAverage between(double before) {
    return new LoadAverage(before, now());
  }

  /** {@code 3.1→2.4}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.1f→%.1f", before, after);
  }
}
