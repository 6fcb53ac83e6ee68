package io.glusterctl.probe.e2e.sandbox;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import com.grack.nanojson.JsonWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for the Kubernetes API, enough for glusterctl-probe: it serves the {@code scale}
 * subresource of one StatefulSet and records core/v1 Events over HTTPS, to the holder of one bearer
 * token.
 *
 * <pre>
 * java -cp target/test-classes io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer \
 *     --listen 10.0.0.1:6443 --cert-dir DIR --token TOKEN --replicas-file FILE \
 *     --namespace default --statefulset glusterfs [--events-file FILE]
 * </pre>
 *
 * <p>Simulated RBAC, the manifest's Role: the token may {@code get} {@code statefulsets/scale} of
 * the one StatefulSet, and {@code create} and {@code patch} {@code events} in its namespace;
 * everything else it asks for is 403 Forbidden, as the API server answers (the StatefulSet itself
 * included). Simulated Event storage: {@code POST .../events} creates an Event (409 AlreadyExists
 * when the name is taken), {@code PATCH .../events/NAME} with a JSON merge patch updates it (404
 * when there is none; 409 Conflict when the patch carries a {@code metadata.resourceVersion} that
 * is not the current one) and answers the whole Event, as the API server does. Every Event as it is
 * now is written to the events file, one JSON object a line, after every change.
 *
 * <p>The replicas file is read on every request, one directive a line:
 *
 * <ul>
 *   <li>{@code 3}: spec.replicas is 3 (0 is left out of the Scale, as the real API does);
 *   <li>{@code status=403} (or any code): answer that status with a Kubernetes Status body;
 *   <li>{@code delay=2000}: wait this many milliseconds before answering;
 *   <li>{@code body=TEXT}: answer 200 with this raw body (for garbage answers);
 *   <li>{@code message=TEXT}: the message of the Status body that goes with {@code status=}.
 * </ul>
 *
 * <p>A missing or empty file is a 500. The certificate (self-signed, SAN = the listen IP, {@code
 * kubernetes.default.svc}, {@code kubernetes.default}, {@code kubernetes}, {@code localhost}) is
 * made with {@code keytool} into {@code DIR/server.p12} and its PEM into {@code DIR/ca.crt}, unless
 * they are there already. It prints {@code listening on https://IP:PORT} when ready and one line
 * per request; it stops on SIGTERM. The JDK and nanojson only.
 */
public final class FakeKubeApiServer implements AutoCloseable {
  private static final String STORE_PASSWORD = "fake-kube-api";
  private static final String ALIAS = "kube-apiserver";

  /** What the server is given. */
  public record Config(
      InetSocketAddress listen,
      Path certDir,
      String token,
      Path replicasFile,
      String namespace,
      String statefulSet,
      Path eventsFile) {
    /** Without an events file: Events are kept in memory only. */
    public Config(
        InetSocketAddress listen,
        Path certDir,
        String token,
        Path replicasFile,
        String namespace,
        String statefulSet) {
      this(listen, certDir, token, replicasFile, namespace, statefulSet, null);
    }
  }

  /** The Events stored, by name, in the order they were created. */
  private final Map<String, JsonObject> events = new LinkedHashMap<>();

  private long resourceVersion = 1000;

  private final Config config;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final PrintStream log;

  private FakeKubeApiServer(
      Config config, HttpsServer server, ExecutorService executor, PrintStream log) {
    this.config = config;
    this.server = server;
    this.executor = executor;
    this.log = log;
  }

  /** Starts serving; makes the certificate first when the cert dir has none. */
  public static FakeKubeApiServer start(Config config, PrintStream log) throws IOException {
    Path keystore = ensureCertificate(config.certDir(), config.listen().getAddress());
    HttpsServer server = HttpsServer.create(config.listen(), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext(keystore)));
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-kube-api");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    FakeKubeApiServer fake = new FakeKubeApiServer(config, server, executor, log);
    server.createContext("/", fake::handle);
    server.start();
    return fake;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://IP:PORT}. */
  public String url() {
    String host = config.listen().getAddress().getHostAddress();
    return "https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
  }

  public Path caFile() {
    return config.certDir().resolve("ca.crt");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      int status = answer(exchange, path);
      // the client's address too: a test counts each pod's requests (ApiServerProcess.requests)
      log.println(
          exchange.getRequestMethod()
              + " "
              + path
              + " -> "
              + status
              + " from "
              + exchange.getRemoteAddress().getAddress().getHostAddress());
      log.flush();
    }
  }

  private int answer(HttpExchange exchange, String path) throws IOException {
    byte[] requestBody;
    try (InputStream in = exchange.getRequestBody()) {
      requestBody = in.readNBytes(1024 * 1024);
    }
    String base =
        "/apis/apps/v1/namespaces/" + config.namespace() + "/statefulsets/" + config.statefulSet();
    String eventsPath = "/api/v1/namespaces/" + config.namespace() + "/events";
    String method = exchange.getRequestMethod();
    if (!("Bearer " + config.token())
        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return send(exchange, 401, status(401, "Unauthorized", "Unauthorized"));
    }
    boolean scale = path.equals(base + "/scale");
    boolean createEvent = method.equals("POST") && path.equals(eventsPath);
    boolean patchEvent =
        method.equals("PATCH")
            && path.startsWith(eventsPath + "/")
            && path.indexOf('/', eventsPath.length() + 1) < 0;
    if (!(method.equals("GET") && scale) && !createEvent && !patchEvent) {
      return send(exchange, 403, status(403, "Forbidden", forbidden(method, path)));
    }
    Directives d = Directives.read(config.replicasFile());
    if (createEvent || patchEvent) {
      return events(exchange, d, path.substring(eventsPath.length()), requestBody);
    }
    if (d.delayMillis > 0) {
      try {
        Thread.sleep(d.delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    if (d.body != null) {
      return send(exchange, 200, d.body);
    }
    if (d.status != 0) {
      String message =
          d.message != null
              ? d.message
              : switch (d.status) {
                case 403 ->
                    "statefulsets.apps \""
                        + config.statefulSet()
                        + "\" is forbidden: User"
                        + " \"system:serviceaccount:"
                        + config.namespace()
                        + ":default\" cannot get resource"
                        + " \"statefulsets/scale\" in API group \"apps\" in the namespace \""
                        + config.namespace()
                        + "\"";
                case 404 -> "statefulsets.apps \"" + config.statefulSet() + "\" not found";
                default -> "fake failure " + d.status;
              };
      return send(exchange, d.status, status(d.status, reasonOf(d.status), message));
    }
    if (d.replicas == null) {
      return send(
          exchange, 500, status(500, "InternalError", "no replicas in " + config.replicasFile()));
    }
    return send(exchange, 200, scaleJson(d.replicas));
  }

  /** The API server's text for a request the Role does not allow. */
  private String forbidden(String method, String path) {
    String verb =
        switch (method) {
          case "POST" -> "create";
          case "PATCH" -> "patch";
          case "PUT" -> "update";
          case "DELETE" -> "delete";
          default -> path.endsWith("/events") || path.endsWith("/statefulsets") ? "list" : "get";
        };
    String[] parts = path.split("/");
    String resource = parts.length > 0 ? parts[parts.length - 1] : "";
    if (path.contains("/statefulsets/")) {
      resource = path.endsWith("/scale") ? "statefulsets/scale" : "statefulsets";
    } else if (path.contains("/events")) {
      resource = "events";
    }
    return "User \"system:serviceaccount:"
        + config.namespace()
        + ":glusterfs\" cannot "
        + verb
        + " resource \""
        + resource
        + "\" in the namespace \""
        + config.namespace()
        + "\" (simulated RBAC: the manifest's Role)";
  }

  /** POST .../events and PATCH .../events/NAME, as the API server stores Events. */
  private synchronized int events(HttpExchange exchange, Directives d, String rest, byte[] body)
      throws IOException {
    if (d.eventsStatus != 0) {
      return send(
          exchange,
          d.eventsStatus,
          status(
              d.eventsStatus,
              reasonOf(d.eventsStatus),
              d.message != null ? d.message : "fake failure " + d.eventsStatus));
    }
    if (d.eventsDelayMillis > 0) {
      try {
        Thread.sleep(d.eventsDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    JsonObject in;
    try {
      in = JsonParser.object().from(new String(body, StandardCharsets.UTF_8));
    } catch (JsonParserException e) {
      return send(exchange, 400, status(400, "BadRequest", "not JSON: " + e.getMessage()));
    }
    if (rest.isEmpty()) {
      JsonObject metadata = in.getObject("metadata");
      String name = metadata == null ? null : metadata.getString("name");
      if (name == null || name.isEmpty()) {
        return send(exchange, 422, status(422, "Invalid", "metadata.name: Required value"));
      }
      for (String field : List.of("involvedObject", "reason", "message", "type")) {
        if (!in.containsKey(field)) {
          return send(exchange, 422, status(422, "Invalid", field + ": Required value"));
        }
      }
      if (events.containsKey(name)) {
        return send(
            exchange, 409, status(409, "AlreadyExists", "events \"" + name + "\" already exists"));
      }
      metadata.put("resourceVersion", String.valueOf(++resourceVersion));
      metadata.put("uid", java.util.UUID.randomUUID().toString());
      events.put(name, in);
      writeEvents();
      return send(exchange, 201, JsonWriter.string(in));
    }
    String name = rest.substring(1);
    JsonObject current = events.get(name);
    if (current == null) {
      return send(exchange, 404, status(404, "NotFound", "events \"" + name + "\" not found"));
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!"application/merge-patch+json".equals(contentType)) {
      return send(
          exchange, 415, status(415, "UnsupportedMediaType", "the fake takes merge patches only"));
    }
    JsonObject patchMetadata = in.getObject("metadata");
    String expected = patchMetadata == null ? null : patchMetadata.getString("resourceVersion");
    JsonObject metadata = current.getObject("metadata");
    if (expected != null && !expected.equals(metadata.getString("resourceVersion"))) {
      return send(
          exchange,
          409,
          status(
              409,
              "Conflict",
              "Operation cannot be fulfilled on events \""
                  + name
                  + "\": the object has been modified"));
    }
    for (Map.Entry<String, Object> e : in.entrySet()) {
      if (!e.getKey().equals("metadata")) {
        current.put(e.getKey(), e.getValue());
      }
    }
    metadata.put("resourceVersion", String.valueOf(++resourceVersion));
    writeEvents();
    return send(exchange, 200, JsonWriter.string(current));
  }

  /** The Events stored now, as the API holds them. */
  public synchronized List<JsonObject> events() {
    return List.copyOf(events.values());
  }

  /** The events file, rewritten whole (one Event a line) and renamed into place. */
  private void writeEvents() throws IOException {
    if (config.eventsFile() == null) {
      return;
    }
    StringBuilder b = new StringBuilder();
    for (JsonObject e : events.values()) {
      b.append(JsonWriter.string(e)).append('\n');
    }
    Path tmp = config.eventsFile().resolveSibling(config.eventsFile().getFileName() + ".tmp");
    Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
    Files.move(
        tmp,
        config.eventsFile(),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The Events of an events file, as the server last wrote them; none when there is no file. */
  public static List<JsonObject> readEvents(Path eventsFile) throws IOException {
    if (!Files.exists(eventsFile)) {
      return List.of();
    }
    List<JsonObject> out = new ArrayList<>();
    for (String line : Files.readAllLines(eventsFile, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        try {
          out.add(JsonParser.object().from(line));
        } catch (JsonParserException e) {
          throw new IOException("bad line in " + eventsFile + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  private String scaleJson(int replicas) {
    // autoscaling/v1 ScaleSpec.replicas is omitempty: a Scale of 0 has an empty spec
    String spec = replicas == 0 ? "{}" : "{\"replicas\":" + replicas + "}";
    return "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\""
        + config.statefulSet()
        + "\",\"namespace\":\""
        + config.namespace()
        + "\"},\"spec\":"
        + spec
        + ",\"status\":{\"replicas\":"
        + replicas
        + ",\"selector\":\"app="
        + config.statefulSet()
        + "\"}}";
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\""
        + message.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"reason\":\""
        + reason
        + "\",\"code\":"
        + code
        + "}";
  }

  private static String reasonOf(int code) {
    return switch (code) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      default -> "InternalError";
    };
  }

  private static int send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }

  /** The replicas file's directives. */
  private static final class Directives {
    Integer replicas;
    int status;
    long delayMillis;
    String body;
    String message;
    int eventsStatus;
    long eventsDelayMillis;

    static Directives read(Path file) {
      Directives d = new Directives();
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        lines = List.of();
      }
      for (String raw : lines) {
        String line = raw.strip();
        if (line.matches("-?[0-9]+")) {
          d.replicas = Integer.valueOf(line);
        } else if (line.matches("status=[0-9]{3}")) {
          d.status = Integer.parseInt(line.substring(7));
        } else if (line.matches("events-status=[0-9]{3}")) {
          d.eventsStatus = Integer.parseInt(line.substring(14));
        } else if (line.matches("events-delay=[0-9]+")) {
          d.eventsDelayMillis = Long.parseLong(line.substring(13));
        } else if (line.matches("delay=[0-9]+")) {
          d.delayMillis = Long.parseLong(line.substring(6));
        } else if (raw.startsWith("body=")) {
          d.body = raw.substring(5);
        } else if (raw.startsWith("message=")) {
          d.message = raw.substring(8);
        }
      }
      return d;
    }
  }

  /**
   * The PKCS12 key store with the server's key and self-signed certificate, made with keytool when
   * {@code dir} has none; its certificate also goes to {@code dir/ca.crt} (PEM).
   */
  public static Path ensureCertificate(Path dir, InetAddress ip) throws IOException {
    Files.createDirectories(dir);
    Path keystore = dir.resolve("server.p12");
    Path ca = dir.resolve("ca.crt");
    if (Files.exists(keystore) && Files.exists(ca)) {
      return keystore;
    }
    Files.deleteIfExists(keystore);
    String san =
        "SAN="
            + (ip.isAnyLocalAddress() ? "" : "ip:" + ip.getHostAddress() + ",")
            + "dns:kubernetes.default.svc,dns:kubernetes.default,dns:kubernetes,dns:localhost";
    keytool(
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-sigalg",
        "SHA256withECDSA",
        "-dname",
        "CN=kube-apiserver",
        "-validity",
        "3650",
        "-ext",
        san,
        "-ext",
        "BC:c=ca:true",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        ALIAS,
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        ca.toString());
    return keystore;
  }

  private static void keytool(String... args) throws IOException {
    Path jdkKeytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> argv = new ArrayList<>();
    argv.add(Files.isExecutable(jdkKeytool) ? jdkKeytool.toString() : "keytool");
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool did not finish within 60s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            "keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted");
    }
  }

  static SSLContext sslContext(Path keystore) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot load " + keystore + ": " + e, e);
    }
  }

  public static void main(String[] args) throws Exception {
    String listen = null;
    String certDir = null;
    String token = null;
    String replicasFile = null;
    String namespace = "default";
    String statefulSet = "glusterfs";
    String eventsFile = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--listen" -> listen = value;
        case "--cert-dir" -> certDir = value;
        case "--token" -> token = value;
        case "--replicas-file" -> replicasFile = value;
        case "--namespace" -> namespace = value;
        case "--statefulset" -> statefulSet = value;
        case "--events-file" -> eventsFile = value;
        default -> usage("unknown argument " + args[i]);
      }
      i++;
    }
    if (listen == null
        || certDir == null
        || token == null
        || replicasFile == null
        || namespace == null
        || statefulSet == null) {
      usage("--listen, --cert-dir, --token and --replicas-file are required");
    }
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      usage("--listen IP:PORT");
    }
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    InetSocketAddress address =
        new InetSocketAddress(
            InetAddress.getByName(host), Integer.parseInt(listen.substring(colon + 1)));
    FakeKubeApiServer fake =
        start(
            new Config(
                address,
                Path.of(certDir),
                token,
                Path.of(replicasFile),
                namespace,
                statefulSet,
                eventsFile == null ? null : Path.of(eventsFile)),
            System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    System.out.println("listening on " + fake.url());
    System.out.flush();
    Thread.sleep(Duration.ofDays(3650).toMillis());
  }

  private static void usage(String why) {
    System.err.println("FakeKubeApiServer: " + why);
    System.err.println(
        "usage: FakeKubeApiServer --listen IP:PORT --cert-dir DIR --token TOKEN"
            + " --replicas-file FILE [--namespace NS] [--statefulset NAME] [--events-file FILE]");
    System.exit(2);
  }
}
