package io.glusterctl.probe.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options every command shares. Each also reads an environment variable; an explicit option
 * wins over the variable, the variable over the default.
 */
public final class CommonOptions {

  @Option(
      names = "--pod-name",
      defaultValue = "${env:POD_NAME}",
      description =
          "This pod's name, <statefulset>-<ordinal> (env POD_NAME; default: the hostname).")
  String podName;

  @Option(
      names = "--pod-uid",
      defaultValue = "${env:POD_UID}",
      description =
          "This pod's UID, which its Events name so that 'kubectl describe pod' lists them (env"
              + " POD_UID, from the downward API's metadata.uid; default: none).")
  String podUid;

  @Option(
      names = "--namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description =
          "This pod's namespace (env POD_NAMESPACE; default: the service-account namespace file,"
              + " else 'default').")
  String namespace;

  @Option(
      names = "--service",
      defaultValue = "${env:GLUSTERCTL_SERVICE:-glusterfs}",
      description = "The headless Service (env GLUSTERCTL_SERVICE; default: ${DEFAULT-VALUE}).")
  String service;

  @Option(
      names = "--statefulset",
      defaultValue = "${env:GLUSTERCTL_STATEFULSET}",
      description =
          "The StatefulSet (env GLUSTERCTL_STATEFULSET; default: the pod name without -<ordinal>).")
  String statefulSet;

  @Option(
      names = "--cluster-domain",
      defaultValue = "${env:GLUSTERCTL_CLUSTER_DOMAIN}",
      description =
          "The cluster's DNS domain (env GLUSTERCTL_CLUSTER_DOMAIN; default: from the resolv.conf"
              + " search list, else cluster.local).")
  String clusterDomain;

  @Option(
      names = "--port-name",
      defaultValue = "${env:GLUSTERCTL_PORT_NAME:-glusterd}",
      description =
          "The Service port name used in the SRV lookup (env GLUSTERCTL_PORT_NAME; default:"
              + " ${DEFAULT-VALUE}).")
  String portName;

  @Option(
      names = "--members-from",
      defaultValue = "${env:GLUSTERCTL_MEMBERS_FROM:-auto}",
      description =
          "Where the desired members come from: api, dns, or auto (API when a token is present and"
              + " answers, DNS otherwise) (env GLUSTERCTL_MEMBERS_FROM; default: ${DEFAULT-VALUE}).")
  MembersFrom membersFrom;

  @Option(
      names = "--resolv-conf",
      defaultValue = "${env:GLUSTERCTL_RESOLV_CONF:-/etc/resolv.conf}",
      description = "Where DNS servers and the search list are read (env GLUSTERCTL_RESOLV_CONF).")
  Path resolvConf;

  @Option(
      names = "--dns-server",
      defaultValue = "${env:GLUSTERCTL_DNS_SERVER}",
      description =
          "host[:port] of the DNS server to ask (env GLUSTERCTL_DNS_SERVER; default: the"
              + " resolv.conf nameserver).")
  String dnsServer;

  @Option(
      names = "--api-url",
      defaultValue = "${env:GLUSTERCTL_API_URL}",
      description =
          "The Kubernetes API (env GLUSTERCTL_API_URL; default:"
              + " https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT).")
  String apiUrl;

  @Option(
      names = "--token-file",
      defaultValue =
          "${env:GLUSTERCTL_TOKEN_FILE:-/var/run/secrets/kubernetes.io/serviceaccount/token}",
      description = "The service-account token (env GLUSTERCTL_TOKEN_FILE).")
  Path tokenFile;

  @Option(
      names = "--ca-file",
      defaultValue =
          "${env:GLUSTERCTL_CA_FILE:-/var/run/secrets/kubernetes.io/serviceaccount/ca.crt}",
      description = "The API's CA certificate(s) (env GLUSTERCTL_CA_FILE).")
  Path caFile;

  @Option(
      names = "--gluster",
      defaultValue = "${env:GLUSTERCTL_GLUSTER:-gluster}",
      description = "The gluster CLI (env GLUSTERCTL_GLUSTER; default: ${DEFAULT-VALUE}).")
  String gluster;

  @Option(
      names = "--gluster-timeout",
      defaultValue = "${env:GLUSTERCTL_GLUSTER_TIMEOUT:-8s}",
      converter = DurationConverter.Positive.class,
      description =
          "Deadline of one gluster call, also passed as its --timeout (env"
              + " GLUSTERCTL_GLUSTER_TIMEOUT; default: ${DEFAULT-VALUE}).")
  Duration glusterTimeout;

  @Option(
      names = "--deadline",
      defaultValue = "${env:GLUSTERCTL_DEADLINE:-20s}",
      converter = DurationConverter.Positive.class,
      description =
          "The whole run ends within this; keep it below the probe's timeoutSeconds (env"
              + " GLUSTERCTL_DEADLINE; default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(
      names = "--glusterd-dir",
      defaultValue = "${env:GLUSTERCTL_GLUSTERD_DIR:-/var/lib/glusterd}",
      description = "glusterd's working directory, the PV (env GLUSTERCTL_GLUSTERD_DIR).")
  Path glusterdDir;

  @Option(
      names = "--state-dir",
      defaultValue = "${env:GLUSTERCTL_STATE_DIR:-/var/lib/glusterctl-probe}",
      description =
          "The probe's state, lock and repair backups, on the PV outside glusterd's directory (env"
              + " GLUSTERCTL_STATE_DIR).")
  Path stateDir;

  @Option(
      names = "--surplus-grace",
      defaultValue = "${env:GLUSTERCTL_SURPLUS_GRACE:-10m}",
      converter = DurationConverter.class,
      description =
          "DNS mode: how long a member must be absent from DNS and disconnected before it is"
              + " detached (env GLUSTERCTL_SURPLUS_GRACE; default: ${DEFAULT-VALUE}).")
  Duration surplusGrace;

  @Option(
      names = "--stuck-grace",
      defaultValue = "${env:GLUSTERCTL_STUCK_GRACE:-3m}",
      converter = DurationConverter.class,
      description =
          "How long a handshake may stay unfinished before it is repaired (env"
              + " GLUSTERCTL_STUCK_GRACE; default: ${DEFAULT-VALUE}).")
  Duration stuckGrace;

  @Option(
      names = "--heal-unknown-grace",
      defaultValue = "${env:GLUSTERCTL_HEAL_UNKNOWN_GRACE:-5m}",
      converter = DurationConverter.class,
      description =
          "Readiness: how long a heal query that is not answered keeps the pod not ready; then it"
              + " is ready with a warning (env GLUSTERCTL_HEAL_UNKNOWN_GRACE; default:"
              + " ${DEFAULT-VALUE}).")
  Duration healUnknownGrace;

  @Option(
      names = "--lock-wait",
      defaultValue = "${env:GLUSTERCTL_LOCK_WAIT:-5s}",
      converter = DurationConverter.class,
      description =
          "How long to wait for another run's lock (env GLUSTERCTL_LOCK_WAIT; default:"
              + " ${DEFAULT-VALUE}).")
  Duration lockWait;

  @Option(
      names = "--output",
      defaultValue = "${env:GLUSTERCTL_OUTPUT:-text}",
      description = "text or json (env GLUSTERCTL_OUTPUT; default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  /** Where the desired members come from. */
  public enum MembersFrom {
    auto,
    api,
    dns
  }

  /** How results are printed. */
  public enum OutputFormat {
    text,
    json
  }
}
