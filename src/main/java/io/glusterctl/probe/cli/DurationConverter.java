package io.glusterctl.probe.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 500ms}, {@code 8s}, {@code 10m}, {@code 1h}. */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern P = Pattern.compile("^(\\d{1,9})(ms|s|m|h)$");

  @Override
  public Duration convert(String value) {
    Matcher m = P.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 8s, 10m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /**
   * A duration that must leave time for something: a run's {@code --deadline}, one gluster call's
   * {@code --gluster-timeout}. Zero is a usage error, not a run that fails for want of time.
   */
  public static final class Positive implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = new DurationConverter().convert(value);
      if (d.isZero()) {
        throw new TypeConversionException(
            "'" + value + "' is not a positive duration (examples: 500ms, 8s, 10m, 1h)");
      }
      return d;
    }
  }

  /** The inverse, for messages: the largest whole unit. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
