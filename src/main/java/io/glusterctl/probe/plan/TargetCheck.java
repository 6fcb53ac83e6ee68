package io.glusterctl.probe.plan;

/**
 * What a desired member that is missing from the pool looked like.
 *
 * @param answers whether its glusterd answered (the management port took a connection)
 */
public record TargetCheck(boolean answers) {
  public static TargetCheck answering() {
    return new TargetCheck(true);
  }

  public static TargetCheck silent() {
    return new TargetCheck(false);
  }
}
