package io.glusterctl.probe.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Several measurements of one quantity: the median with the smallest and largest value.
 *
 * @param median the middle value (the mean of the two middle ones for an even count)
 * @param min the smallest
 * @param max the largest
 * @param count how many
 */
public record Spread(double median, double min, double max, int count) {

  public static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    return new Spread(median, v.get(0), v.get(n - 1), n);
  }

  /** {@code median (min–max)} with {@code decimals} decimals. */
  public String format(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
  }

  /** This spread's median divided by {@code other}'s, with two decimals and an x. */
  public String ratioTo(Spread other) {
    return String.format(Locale.ROOT, "%.2fx", median / other.median);
  }
}
