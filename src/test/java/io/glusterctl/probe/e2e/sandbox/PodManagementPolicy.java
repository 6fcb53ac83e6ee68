package io.glusterctl.probe.e2e.sandbox;

/** The StatefulSet's {@code podManagementPolicy}. */
public enum PodManagementPolicy {
  /**
   * Pods are created one at a time in ordinal order, each only when all lower ones are Running and
   * Ready; scaled down one at a time from the highest ordinal, each only when the previous one is
   * gone.
   */
  ORDERED_READY,
  /** All missing pods are created, and all surplus pods deleted, at once. */
  PARALLEL
}
