package io.glusterctl.probe.observe;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.Observed;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One question to one DNS server, with dnsjava, bounded in time. An answer is NOERROR with records,
 * NOERROR without (NODATA) or NXDOMAIN; anything else (another rcode, no answer, a network error)
 * is Unknown with the reason.
 */
final class DnsQuery {
  /** EDNS payload size that avoids IP fragmentation (DNS flag day 2020). */
  private static final int EDNS_PAYLOAD = 1232;

  /**
   * What the server said.
   *
   * @param nxdomain the name does not exist
   * @param names SRV targets, without trailing dots (SRV questions)
   * @param addresses A or AAAA addresses (address questions)
   */
  record Answer(boolean nxdomain, List<String> names, List<InetAddress> addresses) {}

  private final DnsServer server;
  private final Duration timeout;

  DnsQuery(DnsServer server, Duration timeout) {
    this.server = Objects.requireNonNull(server, "server");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  DnsServer server() {
    return server;
  }

  Duration timeout() {
    return timeout;
  }

  Observed<Answer> srv(String name, Deadline deadline) {
    return ask(name, Type.SRV, deadline)
        .map(
            m -> {
              List<String> targets = new ArrayList<>();
              for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof SRVRecord srv) {
                  targets.add(srv.getTarget().toString(true));
                }
              }
              return new Answer(m.getRcode() == Rcode.NXDOMAIN, targets, List.of());
            });
  }

  Observed<Answer> addresses(String name, boolean ipv6, Deadline deadline) {
    return ask(name, ipv6 ? Type.AAAA : Type.A, deadline)
        .map(
            m -> {
              List<InetAddress> addresses = new ArrayList<>();
              for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                  addresses.add(a.getAddress());
                } else if (r instanceof AAAARecord aaaa) {
                  addresses.add(aaaa.getAddress());
                }
              }
              return new Answer(m.getRcode() == Rcode.NXDOMAIN, List.of(), addresses);
            });
  }

  /** The server's response when its rcode is NOERROR or NXDOMAIN; Unknown otherwise. */
  private Observed<Message> ask(String name, int type, Deadline deadline) {
    String what = Type.string(type) + " " + name;
    Duration t = deadline.min(timeout);
    if (t.isZero()) {
      return Observed.unknown("no time left to ask " + server + " for " + what);
    }
    Name qname;
    try {
      qname = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      return Observed.unknown("not a DNS name: " + name);
    }
    SimpleResolver resolver = new SimpleResolver(server.socketAddress());
    resolver.setTimeout(t);
    resolver.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
    Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
    CompletableFuture<Message> pending = resolver.sendAsync(query).toCompletableFuture();
    Message response;
    try {
      // dnsjava keeps its own timeout; this one is the backstop
      response = pending.get(t.toMillis() + 250, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return Observed.unknown(noAnswer(what, t));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof java.net.SocketTimeoutException
          || (cause instanceof IOException
              && String.valueOf(cause.getMessage()).contains("imed out"))) {
        return Observed.unknown(noAnswer(what, t));
      }
      if (cause instanceof java.net.PortUnreachableException) {
        return Observed.unknown(
            "no DNS server listens at " + server + " (port unreachable) for " + what);
      }
      return Observed.unknown("cannot ask " + server + " for " + what + ": " + describe(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      return Observed.unknown("interrupted while asking " + server + " for " + what);
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return Observed.unknown(server + " answered " + Rcode.string(rcode) + " for " + what);
    }
    return Observed.known(response);
  }

  private String noAnswer(String what, Duration t) {
    return "no answer from "
        + server
        + " within "
        + (t.toNanos() + 999_999) / 1_000_000
        + " ms for "
        + what;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    String what =
        t instanceof java.net.PortUnreachableException
            ? "nothing listens there (port unreachable)"
            : t instanceof java.net.ConnectException
                ? "connection refused"
                : t instanceof java.net.SocketTimeoutException
                    ? "timed out"
                    : t.getClass().getSimpleName();
    return what + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
