package io.glusterctl.probe.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one process run cost, as {@code /usr/bin/time -v} reports it.
 *
 * @param wallMillis elapsed time (10 ms resolution)
 * @param userMillis user CPU time
 * @param systemMillis system CPU time
 * @param maxRssKb peak resident set size
 * @param exitCode the command's exit code
 */
public record ProcessCost(
    double wallMillis, double userMillis, double systemMillis, long maxRssKb, int exitCode) {

  public double cpuMillis() {
    return userMillis + systemMillis;
  }

  public double maxRssMb() {
    return maxRssKb / 1024.0;
  }

  /**
   * Parses the report of {@code /usr/bin/time -v} (GNU time 1.9); empty when a field is missing.
   */
  public static Optional<ProcessCost> parse(String report) {
    Double wall = null;
    Double user = null;
    Double sys = null;
    Long rss = null;
    int exit = 0;
    for (String raw : report.split("\n")) {
      String line = raw.strip();
      int colon = line.lastIndexOf(": ");
      if (colon < 0) {
        continue;
      }
      String value = line.substring(colon + 2).strip();
      if (line.startsWith("User time (seconds)")) {
        user = Double.parseDouble(value) * 1000;
      } else if (line.startsWith("System time (seconds)")) {
        sys = Double.parseDouble(value) * 1000;
      } else if (line.startsWith("Elapsed (wall clock) time")) {
        wall = clockMillis(value);
      } else if (line.startsWith("Maximum resident set size (kbytes)")) {
        rss = Long.parseLong(value);
      } else if (line.startsWith("Exit status")) {
        exit = Integer.parseInt(value);
      }
    }
    if (wall == null || user == null || sys == null || rss == null) {
      return Optional.empty();
    }
    return Optional.of(new ProcessCost(wall, user, sys, rss, exit));
  }

  /** {@code h:mm:ss} or {@code m:ss.ss} in milliseconds. */
  static double clockMillis(String clock) {
    double seconds = 0;
    for (String part : List.of(clock.split(":"))) {
      seconds = seconds * 60 + Double.parseDouble(part);
    }
    return seconds * 1000;
  }
}
