package io.glusterctl.probe.observe;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;

/**
 * Where the desired members come from ({@link DnsMembersSource}, {@link KubeApiMembersSource}): the
 * port through which a run asks, and behind which a unit test puts a fake.
 */
public interface DesiredMembersSource {

  /** The desired members, or why they could not be seen, within {@code deadline}. */
  Observation<DesiredMembers> desiredMembers(Deadline deadline);
}
