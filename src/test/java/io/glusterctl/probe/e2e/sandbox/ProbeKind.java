package io.glusterctl.probe.e2e.sandbox;

/** What the kubelet ran in a pod. */
public enum ProbeKind {
  STARTUP,
  LIVENESS,
  READINESS,
  /** The preStop hook. */
  PRESTOP
}
