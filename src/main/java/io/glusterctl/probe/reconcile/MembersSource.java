package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Observed;

/** Where the desired members come from: the Kubernetes API, the Service's DNS, or a fixed list. */
public interface MembersSource {
  Observed<DesiredMembers> desired();
}
