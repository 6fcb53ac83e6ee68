package io.glusterctl.probe.events;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import com.grack.nanojson.JsonStringWriter;
import com.grack.nanojson.JsonWriter;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.observe.KubeApiConfig;
import io.glusterctl.probe.observe.LimitedBody;
import io.glusterctl.probe.observe.TrustAnchors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Posts Events to the Kubernetes API as core/v1 Events, aggregated the way Kubernetes' event
 * recorder aggregates them: an Event that happened before (same {@link KubeEvent#name()}) is
 * patched, its {@code count} one higher and its {@code lastTimestamp} now; only a new one is
 * created. It needs exactly {@code create} and {@code patch} on {@code events} in the pod's
 * namespace: the current count comes back in the answer to the first patch, so nothing is read.
 *
 * <p>Per Event: {@code PATCH .../events/<name>} with the new lastTimestamp and message; on 200,
 * {@code PATCH} the count read from the answer plus one (with its resourceVersion, so a concurrent
 * update is not overwritten); on 404, {@code POST} it with count 1. The whole post is bounded by
 * the deadline given (at most {@link #BUDGET}), each request by {@link #REQUEST_TIMEOUT}.
 */
public final class KubeApiEventSink implements EventSink {
  /** The most time one run spends on Events, whatever its deadline leaves. */
  public static final Duration BUDGET = Duration.ofSeconds(3);

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final String COMPONENT = "glusterctl-probe";
  private static final int MAX_BODY_BYTES = 256 * 1024;
  private static final int MAX_TOKEN_BYTES = 64 * 1024;

  private final KubeApiConfig config;
  private final String reportingInstance;

  /**
   * @param config where the API is, the token and the CA (the same as for the desired members)
   * @param reportingInstance this pod's name, the Event's {@code reportingInstance}
   */
  public KubeApiEventSink(KubeApiConfig config, String reportingInstance) {
    this.config = Objects.requireNonNull(config, "config");
    this.reportingInstance = Objects.requireNonNull(reportingInstance, "reportingInstance");
  }

  @Override
  public Posted post(List<KubeEvent> events, Instant now, Deadline deadline) {
    if (events.isEmpty()) {
      return new Posted(0, 0, List.of());
    }
    Deadline budget = deadline.within(BUDGET);
    String token = "";
    List<String> failures = new ArrayList<>();
    int posted = 0;
    try {
      token = token();
      Api api = connect(token);
      for (KubeEvent event : events) {
        if (budget.expired()) {
          failures.add("no time left in the run for " + event.reason());
          continue;
        }
        try {
          api.post(event, now, budget);
          posted++;
        } catch (NotPosted e) {
          failures.add(redact(e.getMessage(), token));
        }
      }
    } catch (NotPosted e) {
      failures.add(redact(e.getMessage(), token));
    } catch (RuntimeException e) {
      failures.add(redact("posting Events failed: " + e, token));
    }
    return new Posted(posted, events.size(), failures);
  }

  private Api connect(String token) throws NotPosted {
    URI base =
        config
            .apiUrl()
            .orElseThrow(() -> new NotPosted("no API URL (KUBERNETES_SERVICE_HOST is not set)"));
    if (!"https".equalsIgnoreCase(base.getScheme())) {
      throw new NotPosted(
          "the API URL " + base + " is not https; the token is sent over https only");
    }
    SSLContext tls;
    try {
      tls = TrustAnchors.fromPemFile(config.caFile());
    } catch (IOException e) {
      throw new NotPosted(e.getMessage());
    }
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(REQUEST_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    return new Api(client, base.toString().replaceAll("/+$", ""), token);
  }

  /** One connection's worth of requests. */
  private final class Api {
    private final HttpClient client;
    private final String base;
    private final String token;

    Api(HttpClient client, String base, String token) {
      this.client = client;
      this.base = base;
      this.token = token;
    }

    void post(KubeEvent event, Instant now, Deadline budget) throws NotPosted {
      String namespace = event.regarding().namespace();
      String name = event.name();
      if (!HostNames.isValid(namespace) || !HostNames.isValid(name)) {
        throw new NotPosted("not a valid Event name or namespace: " + namespace + "/" + name);
      }
      String collection = base + "/api/v1/namespaces/" + namespace + "/events";
      String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
      Answer touched =
          send(
              patch(
                  collection + "/" + name,
                  JsonWriter.string()
                      .object()
                      .value("lastTimestamp", at)
                      .value("message", event.message())
                      .end()
                      .done()),
              budget,
              event);
      if (touched.status() == 200) {
        JsonObject current = touched.json(event);
        long count = current.getLong("count", 1);
        String version = current.getObject("metadata").getString("resourceVersion", "");
        JsonStringWriter body = JsonWriter.string().object().value("count", count + 1);
        if (!version.isEmpty()) {
          body.object("metadata").value("resourceVersion", version).end();
        }
        Answer counted = send(patch(collection + "/" + name, body.end().done()), budget, event);
        // 409: another run updated it in between; it stays one Event, with its count one short
        if (counted.status() != 200 && counted.status() != 409) {
          throw counted.failure(event);
        }
        return;
      }
      if (touched.status() != 404) {
        throw touched.failure(event);
      }
      Answer created = send(create(collection, event, at), budget, event);
      // 409: created by a run in between
      if (created.status() != 201 && created.status() != 200 && created.status() != 409) {
        throw created.failure(event);
      }
    }

    private HttpRequest.Builder request(String uri) {
      return HttpRequest.newBuilder(URI.create(uri))
          .header("Authorization", "Bearer " + token)
          .header("Accept", "application/json")
          .header("User-Agent", COMPONENT);
    }

    private HttpRequest.Builder patch(String uri, String body) {
      return request(uri)
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder create(String uri, KubeEvent e, String at) {
      return request(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json(e, at), StandardCharsets.UTF_8));
    }

    private Answer send(HttpRequest.Builder builder, Deadline budget, KubeEvent event)
        throws NotPosted {
      Duration t = budget.min(REQUEST_TIMEOUT);
      if (t.isZero()) {
        throw new NotPosted("no time left in the run for " + event.reason());
      }
      HttpRequest request = builder.timeout(t).build();
      CompletableFuture<HttpResponse<byte[]>> pending =
          client.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
      try {
        HttpResponse<byte[]> r = pending.get(t.toMillis() + 100, TimeUnit.MILLISECONDS);
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
      } catch (TimeoutException e) {
        pending.cancel(true);
        throw noAnswer(t, event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pending.cancel(true);
        throw new NotPosted("interrupted while posting " + event.reason());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof HttpTimeoutException) {
          throw noAnswer(t, event);
        }
        throw new NotPosted(
            "posting "
                + event.reason()
                + " failed: "
                + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      }
    }
  }

  private static NotPosted noAnswer(Duration t, KubeEvent event) {
    return new NotPosted(
        "the API did not answer within " + t.toMillis() + " ms (" + event.reason() + ")");
  }

  /** The core/v1 Event for {@code e}, first seen {@code at}. */
  String json(KubeEvent e, String at) {
    ObjectRef r = e.regarding();
    JsonStringWriter w =
        JsonWriter.string()
            .object()
            .value("apiVersion", "v1")
            .value("kind", "Event")
            .object("metadata")
            .value("name", e.name())
            .value("namespace", r.namespace())
            .end()
            .object("involvedObject")
            .value("apiVersion", r.apiVersion())
            .value("kind", r.kind())
            .value("namespace", r.namespace())
            .value("name", r.name());
    r.uid().ifPresent(uid -> w.value("uid", uid));
    return w.end()
        .value("reason", e.reason().name())
        .value("message", e.message())
        .value("type", e.reason().type())
        .value("action", e.reason().action())
        .object("source")
        .value("component", COMPONENT)
        .end()
        .value("reportingComponent", COMPONENT)
        .value("reportingInstance", reportingInstance)
        .value("firstTimestamp", at)
        .value("lastTimestamp", at)
        .value("count", 1)
        .end()
        .done();
  }

  /** An HTTP answer: status and body. */
  private record Answer(int status, String body) {
    JsonObject json(KubeEvent event) throws NotPosted {
      try {
        JsonObject o = JsonParser.object().from(body);
        if (!(o.get("metadata") instanceof JsonObject)) {
          throw new NotPosted("the API's answer for " + event.reason() + " has no metadata");
        }
        return o;
      } catch (JsonParserException e) {
        throw new NotPosted("the API's answer for " + event.reason() + " is not JSON");
      }
    }

    NotPosted failure(KubeEvent event) {
      String what =
          switch (status) {
            case 401 -> "the API does not accept the service-account token (401)";
            case 403 ->
                "the service account may not post Events (403; it needs create and patch on"
                    + " events)";
            default -> "the API answered HTTP " + status;
          };
      String message = "";
      try {
        Object m = JsonParser.object().from(body).get("message");
        message = m instanceof String s ? ": " + s.strip() : "";
      } catch (JsonParserException e) {
        message = "";
      }
      String text = what + " for " + event.reason() + message;
      return new NotPosted(text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }

  private String token() throws NotPosted {
    try {
      if (!Files.isRegularFile(config.tokenFile())) {
        throw new NotPosted("no service-account token at " + config.tokenFile());
      }
      if (Files.size(config.tokenFile()) > MAX_TOKEN_BYTES) {
        throw new NotPosted("the token file " + config.tokenFile() + " is larger than 64 KiB");
      }
      String token = Files.readString(config.tokenFile(), StandardCharsets.UTF_8).strip();
      if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new NotPosted(
            "the token in " + config.tokenFile() + " is not one line of printable characters");
      }
      return token;
    } catch (IOException e) {
      throw new NotPosted(
          "cannot read the token file " + config.tokenFile() + ": " + e.getClass().getSimpleName());
    }
  }

  /** {@code text} with the token cut out, whatever put it there. */
  static String redact(String text, String token) {
    String s = text == null ? "" : text;
    return token == null || token.isBlank() ? s : s.replace(token, "<redacted>");
  }

  /** Why an Event was not posted; becomes a failure line, never leaves this class. */
  static final class NotPosted extends Exception {
    private static final long serialVersionUID = 1L;

    NotPosted(String why) {
      super(why, null, false, false);
    }
  }
}
