package io.glusterctl.probe.observe;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --members-from auto}: the API when this pod has a service-account token and the API
 * answers; the Service's DNS otherwise, with a warning that says why the API was not used. Without
 * a token DNS is asked directly (a cluster that gives the pod no API access is a plain setup, not a
 * fault).
 */
public record ApiThenDns(KubeApiMembersSource api, DesiredMembersSource dns)
    implements DesiredMembersSource {
  @Override
  public Observation<DesiredMembers> desiredMembers(Deadline deadline) {
    List<String> notes = new ArrayList<>();
    if (api.tokenPresent()) {
      Observation<DesiredMembers> fromApi = api.labelled("api").desiredMembers(deadline);
      if (fromApi.observed().isKnown()) {
        return fromApi;
      }
      notes.addAll(fromApi.notes());
      notes.add("WARN API: " + fromApi.observed().unknownWhy().orElse("") + "; using DNS");
    }
    Observation<DesiredMembers> fromDns = dns.labelled("dns").desiredMembers(deadline);
    notes.addAll(fromDns.notes());
    return new Observation<>(fromDns.observed(), notes);
  }
}
