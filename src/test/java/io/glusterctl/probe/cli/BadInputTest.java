package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offline input that cannot be used: exit 5, one line {@code ERROR ...} on stderr, nothing on
 * stdout. Bad option values (--desired, --self) are usage errors: exit 2.
 */
class BadInputTest {
  @TempDir(factory = GctTempDir.class)
  Path tmp;

  /** Exit 5, nothing on stdout, exactly one printable line on stderr that starts with ERROR. */
  static void assertBadInput(Cli.Run r) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.err()).as(r.toString()).startsWith("ERROR ").endsWith("\n");
    String line = r.err().substring(0, r.err().length() - 1);
    assertThat(line).as("one line").doesNotContain("\n").doesNotContain("\r");
    assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f).count())
        .as("control characters in %s", line)
        .isZero();
    assertThat(line.length()).as("a short line").isLessThan(400);
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }

  private Path write(String name, String content) throws IOException {
    return write(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static Cli.Run offline(String command, Path file, String... more) {
    return Cli.run(
        Cli.concat(java.util.List.of(command, "--peer-status-file", file.toString()), more));
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "plan"})
  void garbageText(String command) throws IOException {
    Cli.Run r =
        offline(
            command,
            write("garbage.txt", "hello world\nthis is not gluster\n"),
            "--output",
            "json");

    assertBadInput(r);
    assertThat(r.err()).contains("garbage.txt").contains("expected 'Number of Peers: N'");
  }

  @Test
  void truncatedXml() throws IOException {
    String xml = Files.readString(Cli.fixture("peer-status-2-peers.xml"));
    Cli.Run r =
        offline("status", write("cut.xml", xml.substring(0, xml.length() / 2)), "--output", "json");

    assertBadInput(r);
    assertThat(r.err()).contains("malformed XML");
  }

  @Test
  void truncatedText() throws IOException {
    String text = Files.readString(Cli.fixture("seed-exp2-scaled-up-5.txt"));
    // cut after the third peer's Uuid line: a shorter list must never be taken for the pool
    int cut = text.indexOf("State:", text.indexOf("glusterfs-3"));
    Cli.Run r = offline("status", write("cut.txt", text.substring(0, cut)), "--output", "json");

    assertBadInput(r);
  }

  @Test
  void textWithAPeerLessThanItsCount() throws IOException {
    String text = Files.readString(Cli.fixture("seed-exp1-3-nodes.txt"));
    int last = text.lastIndexOf("\n\nHostname:");
    Cli.Run r = offline("plan", write("short.txt", text.substring(0, last) + "\n"));

    assertBadInput(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "   \n\t\n"})
  void emptyOrBlank(String content) throws IOException {
    Cli.Run r = offline("status", write("empty.txt", content), "--output", "json");

    assertBadInput(r);
    assertThat(r.err()).contains("empty output");
  }

  @Test
  void theEmptyStdoutOfAFailedPeerStatus() {
    // glusterd 10.3 during a handshake: nothing on stdout, 'peer status: failed' on stderr
    assertBadInput(
        Cli.run(
            "status", "--peer-status-file", Cli.fixture("peer-status-handshake.txt").toString()));
  }

  @Test
  void xmlWithAFailedOpRet() {
    Cli.Run r =
        Cli.run(
            "status", "--peer-status-file", Cli.fixture("peer-status-handshake.xml").toString());

    assertBadInput(r);
    assertThat(r.err()).contains("-22");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "timeout-peer-status.xml",
        "connection-failed-peer-status.xml",
        "connection-failed-peer-status.txt"
      })
  void theCliSayingGlusterdDoesNotAnswer(String fixture) {
    assertBadInput(Cli.run("status", "--peer-status-file", Cli.fixture(fixture).toString()));
  }

  @Test
  void anotherCommandsOutput() {
    assertBadInput(
        Cli.run("status", "--peer-status-file", Cli.fixture("pool-list-3.txt").toString()));
    assertBadInput(
        Cli.run(
            "status", "--peer-status-file", Cli.fixture("volume-info-replica3.xml").toString()));
  }

  @Test
  void randomBinary() throws IOException {
    byte[] bytes = new byte[4096];
    new Random(42).nextBytes(bytes);
    assertBadInput(offline("status", write("random.bin", bytes), "--output", "json"));
  }

  @Test
  void binaryWithControlCharactersOnItsFirstLine() throws IOException {
    byte[] bytes =
        "ab\u001b[31mred\rCR\tTAB\u0000NUL\u0007\u007f\nsecond\n".getBytes(StandardCharsets.UTF_8);
    assertBadInput(offline("status", write("ctl.bin", bytes)));
  }

  @Test
  void invalidUtf8() throws IOException {
    byte[] bytes = {'N', 'u', 'm', (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3, '\n'};
    assertBadInput(offline("status", write("latin.bin", bytes)));
  }

  @Test
  void aMissingFileIsSaidPlainly() {
    Path missing = tmp.resolve("missing.txt");
    Cli.Run r = Cli.run("status", "--peer-status-file", missing.toString());

    assertBadInput(r);
    assertThat(r.err()).isEqualTo("ERROR cannot read " + missing + ": no such file\n");
  }

  @Test
  void aDirectory() {
    Cli.Run r = Cli.run("status", "--peer-status-file", tmp.toString());

    assertBadInput(r);
    assertThat(r.err()).startsWith("ERROR cannot read " + tmp + ": ");
  }

  @Test
  void aFileLargerThanAnyPeerStatusIsRefused() throws IOException {
    // (an endless input, /dev/zero, is run by PackagedProgramTest in its own JVM: read to its end,
    // it is an OutOfMemoryError)
    byte[] big = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    Cli.Run r = offline("status", write("big.txt", big));

    assertBadInput(r);
    assertThat(r.err()).contains("larger than");
  }

  @Test
  void garbageOnStandardInput() {
    assertBadInput(
        Cli.runWithStdin(
            "not a peer status\n".getBytes(StandardCharsets.UTF_8),
            "status",
            "--peer-status-file",
            "-"));
  }

  @Test
  void nothingOnStandardInput() {
    Cli.Run r =
        Cli.runWithStdin(new byte[0], "plan", "--peer-status-file", "-", "--output", "json");

    assertBadInput(r);
    assertThat(r.err()).contains("empty output");
  }

  // ---- bad option values: usage errors, before the file is read

  @ParameterizedTest
  @ValueSource(strings = {"glusterfs_0", "-glusterfs-0", "glusterfs-0..glusterfs", "a b"})
  void anInvalidDesiredNameIsAUsageError(String name) {
    Cli.Run r =
        Cli.run(
            "status",
            "--peer-status-file",
            Cli.fixture("seed-exp1-3-nodes.txt").toString(),
            "--desired",
            "glusterfs-1," + name);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).startsWith("--desired: '" + name + "'");
  }

  @Test
  void aDesiredMemberOfAnotherStatefulSetIsAUsageError() {
    Cli.Run r =
        Cli.run(
            "plan",
            "--peer-status-file",
            Cli.fixture("seed-exp1-3-nodes.txt").toString(),
            "--desired",
            "glusterfs-0,heketi-1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0))
        .isEqualTo("--desired: 'heketi-1' is not a pod of StatefulSet 'glusterfs'");
  }

  @Test
  void anInvalidSelfIsAUsageError() {
    Cli.Run r =
        Cli.run(
            "status",
            "--peer-status-file",
            Cli.fixture("seed-exp1-3-nodes.txt").toString(),
            "--self",
            "not valid");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).isEqualTo("--self: 'not valid' is not a valid host name");
  }

  @Test
  void aBadOptionValueIsSaidBeforeABadFile() throws IOException {
    Cli.Run r = offline("status", write("garbage.txt", "garbage\n"), "--desired", "bad_name");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "status,--desired,glusterfs-0",
    "plan,--self,glusterfs-0"
  })
  void anOfflineOptionWithoutAFileIsAUsageErrorNotIgnored(
      String command, String option, String value) {
    // online, the desired members come from DNS or the API: a --desired there would be ignored
    // (were it run online, these keep it on temp dirs and loopback)
    Cli.Run r =
        Cli.run(
            command,
            option,
            value,
            "--gluster",
            "/nonexistent/gluster",
            "--state-dir",
            tmp.resolve("state").toString(),
            "--glusterd-dir",
            tmp.toString(),
            "--members-from",
            "dns",
            "--dns-server",
            "127.0.0.1:1",
            "--resolv-conf",
            tmp.resolve("none").toString(),
            "--pod-name",
            "glusterfs-0");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).isEqualTo(option + " needs --peer-status-file");
  }
}
