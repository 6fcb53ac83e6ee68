package io.glusterctl.probe.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Self;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --members-from auto}: the API first when there is a token, DNS when there is none
 * (quietly) or when the API cannot be seen (with a warning that says why). The API here is
 * 127.0.0.1:1, where nothing listens; DNS is a fake behind the port.
 */
class ApiThenDnsTest {
  static final Self SELF = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");
  static final DesiredMembers FROM_DNS =
      new DesiredMembers(
          DesiredMembers.Source.DNS,
          OptionalInt.empty(),
          List.of(new Member(0, SELF.fqdnOf(0)), new Member(1, SELF.fqdnOf(1))));

  @TempDir Path tmp;
  final List<String> dnsAsked = new ArrayList<>();
  final DesiredMembersSource dns =
      deadline -> {
        dnsAsked.add("srv");
        return Observation.known(FROM_DNS, List.of("SRV target 'x' is not a pod; left out"));
      };

  private KubeApiMembersSource api(boolean withToken) throws IOException {
    Path token = tmp.resolve("token");
    if (withToken) {
      Files.writeString(token, "not-a-secret\n");
    }
    KubeApiConfig config =
        new KubeApiConfig(
            Optional.of(URI.create("https://127.0.0.1:1")), token, tmp.resolve("no-ca.crt"));
    return new KubeApiMembersSource(SELF, "glusterfs", config, Duration.ofSeconds(2));
  }

  @Test
  void withoutATokenDnsIsAskedAndNothingIsWarned() throws IOException {
    Observation<DesiredMembers> o =
        new ApiThenDns(api(false), dns).desiredMembers(Deadline.in(Duration.ofSeconds(5)));

    assertThat(o.observed().known()).contains(FROM_DNS);
    assertThat(dnsAsked).hasSize(1);
    assertThat(o.notes()).containsExactly("NOTE dns: SRV target 'x' is not a pod; left out");
  }

  @Test
  void anApiThatCannotBeSeenFallsBackToDnsAndSaysWhy() throws IOException {
    Observation<DesiredMembers> o =
        new ApiThenDns(api(true), dns).desiredMembers(Deadline.in(Duration.ofSeconds(5)));

    assertThat(o.observed().known()).contains(FROM_DNS);
    assertThat(o.notes()).hasSize(2);
    assertThat(o.notes().get(0)).startsWith("WARN API: ").endsWith("; using DNS");
    assertThat(o.notes().get(1)).isEqualTo("NOTE dns: SRV target 'x' is not a pod; left out");
  }

  @Test
  void anUnavailableSourceIsUnknownForItsReason() {
    Observation<DesiredMembers> o =
        DesiredMembersSource.unavailable("no DNS server")
            .desiredMembers(Deadline.in(Duration.ofSeconds(5)));

    assertThat(o.observed().unknownWhy()).contains("no DNS server");
  }

  @Test
  void notesGoToTheSinkAsTheyAreMade() {
    List<String> stderr = new ArrayList<>();

    dns.labelled("dns").notesTo(stderr::add).desiredMembers(Deadline.in(Duration.ofSeconds(5)));

    assertThat(stderr).containsExactly("NOTE dns: SRV target 'x' is not a pod; left out");
  }
}
