package io.glusterctl.probe.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Against a real HTTPS server (the sandbox's fake API) with a certificate made by keytool. */
class KubeApiMembersSourceTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.gad-secret-token.c2lnbmF0dXJl";
  private static final Self SELF = new Self("glusterfs-1", "default", "glusterfs", "cluster.local");
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static Path dir;
  private static FakeKubeApiServer api;
  private static Path replicasFile;
  private static Path tokenFile;
  private static final ByteArrayOutputStream requests = new ByteArrayOutputStream();

  @BeforeAll
  static void startApi() throws IOException {
    dir = Files.createTempDirectory("gad-kube-");
    replicasFile = dir.resolve("replicas");
    tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    api =
        FakeKubeApiServer.start(
            new FakeKubeApiServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("certs"),
                TOKEN,
                replicasFile,
                "default",
                "glusterfs"),
            new PrintStream(requests, true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopApi() throws IOException {
    if (api != null) {
      api.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static KubeApiMembersSource source(String url, Path token, Path ca, Duration timeout) {
    return new KubeApiMembersSource(
        SELF,
        "glusterfs",
        new KubeApiConfig(Optional.ofNullable(url).map(URI::create), token, ca),
        timeout);
  }

  private static KubeApiMembersSource source() {
    return source(api.url(), tokenFile, api.caFile(), TIMEOUT);
  }

  private static void apiSays(String directives) throws IOException {
    Files.writeString(replicasFile, directives);
  }

  private static String unknownWhy(Observed<Integer> o) {
    String why = o.unknownWhy().orElseThrow(() -> new AssertionError("expected Unknown, got " + o));
    assertThat(why).doesNotContain(TOKEN).doesNotContain("gad-secret-token");
    return why;
  }

  @Test
  void replicasFromTheScaleSubresource() throws IOException {
    apiSays("3\n");
    KubeApiMembersSource source = source();

    assertThat(source.scalePath())
        .isEqualTo("/apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale");
    assertThat(source.replicas(Deadline.in(TIMEOUT)).known()).contains(3);

    Observation<DesiredMembers> o = source.desiredMembers();
    DesiredMembers members = o.observed().known().orElseThrow(() -> new AssertionError(o));
    assertThat(members.source()).isEqualTo(DesiredMembers.Source.API);
    assertThat(members.replicas()).isEqualTo(OptionalInt.of(3));
    assertThat(members.members())
        .containsExactly(
            new Member(0, "glusterfs-0.glusterfs.default.svc.cluster.local"),
            new Member(1, "glusterfs-1.glusterfs.default.svc.cluster.local"),
            new Member(2, "glusterfs-2.glusterfs.default.svc.cluster.local"));
    assertThat(requests.toString(StandardCharsets.UTF_8))
        .contains("GET /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale -> 200");
  }

  @Test
  void aScaleWithoutReplicasIsScaledToZero() throws IOException {
    // autoscaling/v1 Scale leaves out replicas when it is 0 (omitempty); the fake does the same.
    apiSays("0\n");
    KubeApiMembersSource source = source(api.url(), tokenFile, api.caFile(), TIMEOUT);
    assertThat(source.replicas(Deadline.in(TIMEOUT)).known()).contains(0);
  }

  @Test
  void theTokenIsReadAfreshForEveryRequest() throws IOException {
    apiSays("2\n");
    Path rotating = Files.writeString(dir.resolve("rotating-token"), "old-token");
    KubeApiMembersSource source = source(api.url(), rotating, api.caFile(), TIMEOUT);
    assertThat(unknownWhy(source.replicas(Deadline.in(TIMEOUT)))).contains("401");

    Files.writeString(rotating, TOKEN);
    assertThat(source.replicas(Deadline.in(TIMEOUT)).known()).contains(2);
  }

  @ParameterizedTest(name = "[{index}] replicas file: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "status=403 | the service account may not read /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale"
            + " (403 Forbidden; it needs get on statefulsets/scale in API group apps): statefulsets.apps"
            + " \"glusterfs\" is forbidden: User \"system:serviceaccount:default:default\" cannot get resource"
            + " \"statefulsets/scale\" in API group \"apps\" in the namespace \"default\"",
        "status=500 | the API answered HTTP 500 for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale: fake failure 500",
        "status=404 | the API has no StatefulSet default/glusterfs (404 Not Found): statefulsets.apps \"glusterfs\" not found",
        "''         | the API answered HTTP 500 for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale: no replicas in ",
        "body=<html>oops</html> | the API's answer for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale is not JSON",
        "body=[1,2] | the API's answer for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale is not JSON",
        "body={\"spec\":{\"replicas\":3} | the API's answer for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale is not JSON",
        "body={\"kind\":\"Scale\"} | the API's answer for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale has no spec object",
        "body={\"kind\":\"Scale\",\"spec\":{\"selector\":\"x\"}} | the API's answer for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale has no spec.replicas"
            + " (the API leaves it out when the StatefulSet is scaled to 0)",
        "body={\"spec\":{\"replicas\":-1}} | spec.replicas in the API's answer is negative: -1",
        "body={\"spec\":{\"replicas\":\"3\"}} | spec.replicas in the API's answer is not a whole number: 3",
        "body={\"spec\":{\"replicas\":2.5}} | spec.replicas in the API's answer is not a whole number: 2.5",
        "body={\"spec\":{\"replicas\":null}} | the API's answer for /apis/apps/v1/namespaces/default/statefulsets/glusterfs/scale has no spec.replicas",
        "body={\"spec\":{\"replicas\":99999999999}} | spec.replicas in the API's answer is implausibly large: 99999999999",
      })
  void whatIsNotAGoodScaleIsUnknown(String directives, String reason) throws IOException {
    apiSays(directives.replace("\\n", "\n") + "\n");
    String why = unknownWhy(source().replicas(Deadline.in(TIMEOUT)));
    assertThat(why).startsWith(reason);
    assertThat(source().desiredMembers().observed().isKnown()).isFalse();
  }

  @Test
  void aWrongTokenIsUnknownAndTheTokenIsNeverInTheReason() throws IOException {
    apiSays("3\n");
    Path wrong = Files.writeString(dir.resolve("wrong-token"), "gad-wrong-token-value");
    String why =
        unknownWhy(source(api.url(), wrong, api.caFile(), TIMEOUT).replicas(Deadline.in(TIMEOUT)));
    assertThat(why)
        .isEqualTo(
            "the API does not accept the service-account token (401 Unauthorized): Unauthorized");
    assertThat(why).doesNotContain("gad-wrong-token-value");
  }

  @Test
  void aServerThatEchoesTheTokenHasItCutOut() throws IOException {
    apiSays("status=500\nmessage=bad request with Authorization: Bearer " + TOKEN + "\n");
    String why = unknownWhy(source().replicas(Deadline.in(TIMEOUT)));
    assertThat(why).endsWith("bad request with Authorization: Bearer <redacted>");
  }

  /**
   * #9 of issue 11: the message was cut to 300 characters before the token was cut out, so a 403
   * body that echoes the header far enough in printed most of the token. Whatever the cut, no run
   * of 8 or more of the token's characters is printed; nor is a token the API itself cut short.
   */
  @Test
  void aTokenEchoedAtTheCutOfALongMessageIsNeverPrinted() throws IOException {
    for (int pad = 240; pad <= 300; pad += 5) {
      apiSays("status=403\nmessage=" + "x".repeat(pad) + " Authorization: Bearer " + TOKEN + "\n");
      assertNoRunOfTheToken(unknownWhy(source().replicas(Deadline.in(TIMEOUT))));
    }
    apiSays("status=403\nmessage=echo " + TOKEN.substring(0, 30) + " and more\n");
    String why = unknownWhy(source().replicas(Deadline.in(TIMEOUT)));
    assertNoRunOfTheToken(why);
    assertThat(why).endsWith("echo <redacted> and more");
  }

  private static void assertNoRunOfTheToken(String why) {
    for (int i = 0; i + 8 <= TOKEN.length(); i++) {
      assertThat(why).as("a run of the token").doesNotContain(TOKEN.substring(i, i + 8));
    }
  }

  @Test
  void aSlowServerIsUnknownWithinTheTimeout() throws IOException {
    apiSays("3\ndelay=5000\n");
    KubeApiMembersSource source =
        source(api.url(), tokenFile, api.caFile(), Duration.ofMillis(500));

    long start = System.nanoTime();
    String why = unknownWhy(source.replicas(Deadline.in(Duration.ofSeconds(30))));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(why)
        .isEqualTo(
            "the API at " + URI.create(api.url()).getAuthority() + " did not answer within 500 ms");
    assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofMillis(1500));
  }

  @Test
  void theRunsDeadlineBoundsTheRequest() throws IOException {
    apiSays("3\ndelay=5000\n");
    long start = System.nanoTime();
    String why =
        unknownWhy(
            source(api.url(), tokenFile, api.caFile(), Duration.ofSeconds(10))
                .replicas(Deadline.in(Duration.ofMillis(300))));
    assertThat(why).contains("did not answer within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1200));
  }

  @Test
  void aCaThatDoesNotVouchForTheServerIsUnknown() throws IOException {
    apiSays("3\n");
    Path otherCerts = dir.resolve("other-certs");
    FakeKubeApiServer.ensureCertificate(otherCerts, InetAddress.getLoopbackAddress());

    String why =
        unknownWhy(
            source(api.url(), tokenFile, otherCerts.resolve("ca.crt"), TIMEOUT)
                .replicas(Deadline.in(TIMEOUT)));
    assertThat(why)
        .startsWith(
            "TLS with the API at "
                + URI.create(api.url()).getAuthority()
                + " failed (does "
                + otherCerts.resolve("ca.crt")
                + " hold the API's CA?)");
    assertThat(requests.toString(StandardCharsets.UTF_8)).doesNotContain("wrong");

    // a bundle: the unrelated certificate, some text, then the right one
    Path bundle =
        Files.writeString(
            dir.resolve("bundle.crt"),
            Files.readString(otherCerts.resolve("ca.crt"))
                + "\n# the API's CA\n"
                + Files.readString(api.caFile()));
    assertThat(source(api.url(), tokenFile, bundle, TIMEOUT).replicas(Deadline.in(TIMEOUT)).known())
        .contains(3);
  }

  @Test
  void missingOrBrokenFilesAreUnknown() throws IOException {
    apiSays("3\n");
    Path none = dir.resolve("does-not-exist");
    Path junk =
        Files.writeString(
            dir.resolve("junk.crt"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Path empty = Files.writeString(dir.resolve("empty-token"), " \n");

    assertThat(
            unknownWhy(
                source(api.url(), none, api.caFile(), TIMEOUT).replicas(Deadline.in(TIMEOUT))))
        .isEqualTo("no service-account token at " + none);
    assertThat(
            unknownWhy(
                source(api.url(), empty, api.caFile(), TIMEOUT).replicas(Deadline.in(TIMEOUT))))
        .isEqualTo("no service-account token in " + empty);
    assertThat(
            unknownWhy(source(api.url(), tokenFile, none, TIMEOUT).replicas(Deadline.in(TIMEOUT))))
        .isEqualTo("no CA file at " + none);
    assertThat(
            unknownWhy(source(api.url(), tokenFile, junk, TIMEOUT).replicas(Deadline.in(TIMEOUT))))
        .startsWith("CA file " + junk + ": ");
    assertThat(
            unknownWhy(
                source(api.url(), tokenFile, tokenFile, TIMEOUT).replicas(Deadline.in(TIMEOUT))))
        .isEqualTo("CA file " + tokenFile + ": no PEM certificate in it");
  }

  @Test
  void aTokenOfSeveralLinesIsNotSent() throws IOException {
    apiSays("3\n");
    Path twoLines =
        Files.writeString(dir.resolve("two-lines"), "gad-first-half\ngad-second-half\n");
    String why =
        unknownWhy(
            source(api.url(), twoLines, api.caFile(), TIMEOUT).replicas(Deadline.in(TIMEOUT)));
    assertThat(why)
        .isEqualTo(
            "the token in " + twoLines + " is not one line of printable characters; not sent");
    assertThat(why).doesNotContain("gad-first-half").doesNotContain("gad-second-half");
  }

  @Test
  void tokenPresent() throws IOException {
    assertThat(source().tokenPresent()).isTrue();
    assertThat(source(api.url(), dir.resolve("nope"), api.caFile(), TIMEOUT).tokenPresent())
        .isFalse();
    Path empty = Files.writeString(dir.resolve("empty"), "");
    assertThat(source(api.url(), empty, api.caFile(), TIMEOUT).tokenPresent()).isFalse();
    assertThat(source(api.url(), dir, api.caFile(), TIMEOUT).tokenPresent()).isFalse();
  }

  @Test
  void noUrlPlainHttpAndNoListenerAreUnknown() throws IOException {
    apiSays("3\n");
    assertThat(
            unknownWhy(
                source(null, tokenFile, api.caFile(), TIMEOUT).replicas(Deadline.in(TIMEOUT))))
        .isEqualTo("no API URL: KUBERNETES_SERVICE_HOST is not set and no --api-url was given");
    assertThat(
            unknownWhy(
                source("http://127.0.0.1:" + api.port(), tokenFile, api.caFile(), TIMEOUT)
                    .replicas(Deadline.in(TIMEOUT))))
        .isEqualTo(
            "the API URL http://127.0.0.1:"
                + api.port()
                + " is not https; the token is sent over https only");

    int closed = Dnsmasq.freePort();
    String why =
        unknownWhy(
            source("https://127.0.0.1:" + closed, tokenFile, api.caFile(), TIMEOUT)
                .replicas(Deadline.in(TIMEOUT)));
    assertThat(why).startsWith("cannot connect to the API at https://127.0.0.1:" + closed);
  }

  @Test
  void theStatefulSetItselfIsForbiddenAsTheManifestsRoleHasIt() throws Exception {
    // the Role grants get on statefulsets/scale only; checked with the JDK client
    apiSays("4\n");
    var client =
        java.net.http.HttpClient.newBuilder()
            .sslContext(TrustAnchorsAccess.context(api.caFile()))
            .build();
    var response =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    URI.create(
                        api.url() + "/apis/apps/v1/namespaces/default/statefulsets/glusterfs"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("cannot get resource \\\"statefulsets\\\"")
        .doesNotContain("\"replicas\"");
  }

  @ParameterizedTest(name = "{0}:{1} -> {2}")
  @CsvSource({
    "10.96.0.1, 443, https://10.96.0.1:443",
    "10.96.0.1, '', https://10.96.0.1:443",
    "fd00::1, 6443, 'https://[fd00::1]:6443'",
    "'', 443, ''",
    "10.96.0.1, abc, ''",
  })
  void apiUrlFromTheEnvironment(String host, String port, String url) {
    Map<String, String> env =
        Map.of("KUBERNETES_SERVICE_HOST", host, "KUBERNETES_SERVICE_PORT", port);
    assertThat(KubeApiConfig.apiUrlFrom(env).map(URI::toString).orElse("")).isEqualTo(url);
  }

  @Test
  void anOverrideWinsOverTheEnvironment() {
    KubeApiConfig c =
        KubeApiConfig.inCluster(
            Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
            Optional.of(URI.create("https://api.example:6443")),
            KubeApiConfig.DEFAULT_TOKEN_FILE,
            KubeApiConfig.DEFAULT_CA_FILE);
    assertThat(c.apiUrl()).contains(URI.create("https://api.example:6443"));
    assertThat(
            KubeApiConfig.inCluster(
                    Map.of(),
                    Optional.empty(),
                    KubeApiConfig.DEFAULT_TOKEN_FILE,
                    KubeApiConfig.DEFAULT_CA_FILE)
                .apiUrl())
        .isEmpty();
  }

  /** Reaches the package-private TLS setup from this test. */
  static final class TrustAnchorsAccess {
    static javax.net.ssl.SSLContext context(Path ca) throws IOException {
      return TrustAnchors.fromPemFile(ca);
    }
  }
}
