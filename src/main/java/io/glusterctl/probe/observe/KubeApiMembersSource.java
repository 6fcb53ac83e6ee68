package io.glusterctl.probe.observe;

import com.grack.nanojson.JsonObject;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.json.JsonDocument;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The desired members as the Kubernetes API says: the StatefulSet's {@code spec.replicas}, read
 * from its {@code scale} subresource, gives the members {@code 0 .. replicas-1}.
 *
 * <p>In-cluster: the service-account token (read afresh for every request), the CA file as the only
 * trust anchors, HTTPS only. Anything but a 200 with a well-formed Scale is Unknown with a reason
 * for people; the token never appears in a reason.
 */
public final class KubeApiMembersSource implements DesiredMembersSource {
  /** More replicas than this is not a GlusterFS pool but a bad answer. */
  static final int MAX_REPLICAS = 10_000;

  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final int MAX_TOKEN_BYTES = 64 * 1024;
  private static final String REDACTED = "<redacted>";

  private final Self self;
  private final String statefulSet;
  private final KubeApiConfig config;
  private final Duration requestTimeout;

  /**
   * @param self this pod: its namespace, and how member FQDNs are made
   * @param statefulSet the StatefulSet's name
   * @param config where the API is, the token and the CA
   * @param requestTimeout how long one request may take, connecting included
   */
  public KubeApiMembersSource(
      Self self, String statefulSet, KubeApiConfig config, Duration requestTimeout) {
    this.self = Objects.requireNonNull(self, "self");
    this.statefulSet = Objects.requireNonNull(statefulSet, "statefulSet");
    this.config = Objects.requireNonNull(config, "config");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** Whether a non-empty token file is there: what {@code --members-from auto} asks first. */
  public boolean tokenPresent() {
    try {
      return Files.isRegularFile(config.tokenFile())
          && Files.size(config.tokenFile()) > 0
          && !readToken().isEmpty();
    } catch (IOException | Unseen e) {
      return false;
    }
  }

  /** {@code /apis/apps/v1/namespaces/<ns>/statefulsets/<name>/scale}. */
  public String scalePath() {
    return "/apis/apps/v1/namespaces/"
        + self.namespace()
        + "/statefulsets/"
        + statefulSet
        + "/scale";
  }

  /** {@link #desiredMembers(Deadline)} bounded by the request timeout alone. */
  public Observation<DesiredMembers> desiredMembers() {
    return desiredMembers(Deadline.in(requestTimeout));
  }

  /** The members {@code 0 .. spec.replicas-1}, each with its FQDN under the headless Service. */
  @Override
  public Observation<DesiredMembers> desiredMembers(Deadline deadline) {
    Observed<Integer> replicas = replicas(deadline);
    if (replicas instanceof Observed.Unknown<Integer> u) {
      return Observation.unknown(u.why(), List.of());
    }
    int n = replicas.known().orElseThrow();
    List<Member> members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      members.add(new Member(i, self.fqdnOf(i)));
    }
    return Observation.known(
        new DesiredMembers(DesiredMembers.Source.API, OptionalInt.of(n), members), List.of());
  }

  /** The StatefulSet's {@code spec.replicas}, or why it could not be had. */
  public Observed<Integer> replicas(Deadline deadline) {
    String token = "";
    try {
      token = readToken();
      return request(token, deadline);
    } catch (Unseen e) {
      return Observed.unknown(shorten(redact(e.getMessage(), token)));
    } catch (RuntimeException e) {
      return Observed.unknown(
          shorten(redact("reading spec.replicas from the API failed: " + e, token)));
    }
  }

  private Observed<Integer> request(String token, Deadline deadline) throws Unseen {
    if (!HostNames.isValid(self.namespace()) || !HostNames.isValid(statefulSet)) {
      throw new Unseen(
          "namespace or StatefulSet name is not a valid name: "
              + self.namespace()
              + "/"
              + statefulSet);
    }
    URI base =
        config
            .apiUrl()
            .orElseThrow(
                () ->
                    new Unseen(
                        "no API URL: KUBERNETES_SERVICE_HOST is not set and no --api-url was given"));
    if (!"https".equalsIgnoreCase(base.getScheme())) {
      throw new Unseen("the API URL " + base + " is not https; the token is sent over https only");
    }
    if (token.isEmpty()) {
      throw new Unseen("no service-account token in " + config.tokenFile());
    }
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new Unseen(
          "the token in "
              + config.tokenFile()
              + " is not one line of printable characters; not sent");
    }
    Duration t = deadline.min(requestTimeout);
    if (t.isZero()) {
      throw new Unseen("no time left to ask the API");
    }
    SSLContext tls;
    try {
      tls = TrustAnchors.fromPemFile(config.caFile());
    } catch (IOException e) {
      throw new Unseen(e.getMessage());
    }
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + scalePath());
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(t)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(t)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .header("User-Agent", "glusterctl-probe")
            .build();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
    HttpResponse<byte[]> response;
    try {
      // the client's own timeout ends at the response's headers; this one bounds the body too
      response = pending.get(t.toMillis() + 100, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new Unseen(noAnswer(uri, t));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      throw new Unseen("interrupted while asking the API at " + uri);
    } catch (ExecutionException e) {
      throw new Unseen(failure(uri, t, e.getCause() == null ? e : e.getCause()));
    }
    return Observed.known(replicasFrom(uri, response.statusCode(), response.body()));
  }

  /** {@code spec.replicas} out of a response, or an {@link Unseen} that says what was wrong. */
  int replicasFrom(URI uri, int status, byte[] body) throws Unseen {
    String text = new String(body, StandardCharsets.UTF_8);
    if (status != 200) {
      throw new Unseen(statusReason(uri, status, text));
    }
    JsonObject scale;
    try {
      scale = JsonDocument.object(text);
    } catch (JsonDocument.Unreadable e) {
      throw new Unseen("the API's answer for " + uri.getPath() + " is not JSON: " + e.getMessage());
    }
    Object spec = scale.get("spec");
    if (!(spec instanceof JsonObject specObject)) {
      throw new Unseen("the API's answer for " + uri.getPath() + " has no spec object");
    }
    Object replicas = specObject.get("replicas");
    if (replicas == null
        && "Scale".equals(scale.get("kind"))
        && scale.get("status") instanceof JsonObject) {
      // autoscaling/v1 Scale has `replicas,omitempty`: a whole Scale object without it means 0.
      return 0;
    }
    if (replicas == null) {
      throw new Unseen(
          "the API's answer for "
              + uri.getPath()
              + " has no spec.replicas"
              + " (the API leaves it out when the StatefulSet is scaled to 0)");
    }
    if (!(replicas instanceof Number n) || !n.toString().matches("-?[0-9]{1,18}")) {
      throw new Unseen(
          "spec.replicas in the API's answer is not a whole number: "
              + printable(String.valueOf(replicas)));
    }
    long value = Long.parseLong(n.toString());
    if (value < 0) {
      throw new Unseen("spec.replicas in the API's answer is negative: " + value);
    }
    if (value > MAX_REPLICAS) {
      throw new Unseen("spec.replicas in the API's answer is implausibly large: " + value);
    }
    return (int) value;
  }

  private String statusReason(URI uri, int status, String body) {
    String what =
        switch (status) {
          case 401 -> "the API does not accept the service-account token (401 Unauthorized)";
          case 403 ->
              "the service account may not read "
                  + uri.getPath()
                  + " (403 Forbidden;"
                  + " it needs get on statefulsets/scale in API group apps)";
          case 404 ->
              "the API has no StatefulSet "
                  + self.namespace()
                  + "/"
                  + statefulSet
                  + " (404 Not Found)";
          default -> "the API answered HTTP " + status + " for " + uri.getPath();
        };
    String message = statusMessage(body);
    return message.isEmpty() ? what : what + ": " + message;
  }

  /** The {@code message} of a Kubernetes Status object, shortened; empty when there is none. */
  private static String statusMessage(String body) {
    try {
      JsonObject o = JsonDocument.object(body);
      Object m = o.get("message");
      return m instanceof String s ? printable(s) : "";
    } catch (JsonDocument.Unreadable e) {
      return "";
    }
  }

  private String failure(URI uri, Duration t, Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return noAnswer(uri, t);
    }
    if (cause instanceof ConnectException) {
      return "cannot connect to the API at "
          + uri.getScheme()
          + "://"
          + uri.getAuthority()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof SSLException) {
        break;
      }
      root = root.getCause();
    }
    if (root instanceof SSLException || cause instanceof SSLException) {
      return "TLS with the API at "
          + uri.getAuthority()
          + " failed (does "
          + config.caFile()
          + " hold the API's CA?): "
          + printable(String.valueOf(root.getMessage()));
    }
    return "asking the API at "
        + uri.getAuthority()
        + " failed: "
        + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + printable(cause.getMessage()));
  }

  private static String noAnswer(URI uri, Duration t) {
    return "the API at "
        + uri.getAuthority()
        + " did not answer within "
        + (t.toNanos() + 999_999) / 1_000_000
        + " ms";
  }

  private String readToken() throws Unseen {
    try {
      if (!Files.exists(config.tokenFile())) {
        throw new Unseen("no service-account token at " + config.tokenFile());
      }
      if (Files.size(config.tokenFile()) > MAX_TOKEN_BYTES) {
        throw new Unseen("the token file " + config.tokenFile() + " is larger than 64 KiB");
      }
      return Files.readString(config.tokenFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new Unseen(
          "cannot read the token file " + config.tokenFile() + ": " + e.getClass().getSimpleName());
    }
  }

  /** The reason text with the token cut out, whatever put it there. */
  static String redact(String text, String token) {
    String s = text == null ? "" : text;
    if (token == null || token.isBlank()) {
      return s;
    }
    // the token, and any run of its first characters (an API may echo it cut short)
    String start = token.substring(0, Math.min(TOKEN_RUN, token.length()));
    StringBuilder b = new StringBuilder();
    int from = 0;
    for (int at = s.indexOf(start); at >= 0; at = s.indexOf(start, from)) {
      int end = at;
      while (end < s.length()
          && end - at < token.length()
          && s.charAt(end) == token.charAt(end - at)) {
        end++;
      }
      b.append(s, from, at).append(REDACTED);
      from = end;
    }
    return b.append(s, from, s.length()).toString();
  }

  /** How many of the token's first characters in a row count as the token. */
  private static final int TOKEN_RUN = 8;

  /** A whole reason, cut for a probe's one line only after the token is out of it. */
  private static String shorten(String reason) {
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
  }

  private static final int MAX_REASON = 600;

  /**
   * Controls made spaces. Not cut to a line's length here: the token must be cut out of the whole
   * text first ({@link #shorten} cuts afterwards); bounded only against a huge body.
   */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(4096).forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c));
    return b.toString().strip();
  }

  /** Why the replicas could not be seen; turned into an Unknown, never thrown out of this class. */
  static final class Unseen extends Exception {
    private static final long serialVersionUID = 1L;

    Unseen(String why) {
      super(why, null, false, false);
    }
  }
}
