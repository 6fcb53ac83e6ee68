package io.glusterctl.probe.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Offline analysis of a pasted {@code gluster peer status}: touches neither glusterd nor DNS. */
final class OfflineOptions {
  /** What {@code --peer-status-file -} reads: the program's standard input, injected. */
  final InputStream stdin;

  OfflineOptions(InputStream stdin) {
    this.stdin = stdin;
  }

  @Option(
      names = "--peer-status-file",
      paramLabel = "FILE",
      description =
          "Analyse this saved 'gluster peer status' output (text or XML, detected) instead of asking"
              + " glusterd; touches neither glusterd nor DNS. '-' reads standard input.")
  Path peerStatusFile;

  @Option(
      names = "--desired",
      split = ",",
      paramLabel = "HOST",
      description =
          "With --peer-status-file: the desired members (pod FQDNs or names), comma-separated.")
  List<String> desired;

  @Option(
      names = "--self",
      paramLabel = "HOST",
      description =
          "With --peer-status-file: the pod the output was taken on (its FQDN or name), so that it"
              + " is not counted as missing.")
  String self;
}
