package io.glusterctl.probe.model;

import java.util.List;

/**
 * What one run decided: the actions in the order to carry them out, what it noticed and left alone,
 * and the memory to keep for the next run.
 */
public record Plan(List<Action> actions, List<Finding> findings, Memory memory) {
  public Plan {
    actions = List.copyOf(actions);
    findings = List.copyOf(findings);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
