package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gluster volume of a {@link Scenario}: {@code replica <n>} with one brick on each of its hosts,
 * in a subdirectory of the pod's brick directory on its PersistentVolume ({@code
 * <fqdn>:/bricks/b}), created the way a user does ({@code gluster volume create}, on the first
 * host). The repair tests look at its definition, which glusterd keeps on every pod of the pool and
 * compares in every peer handshake; the data tests start it and serve it ({@link #served()}).
 */
public final class GlusterVolume {
  /** Where each brick lives in its pod: a subdirectory of {@code /bricks}, the PV's brick mount. */
  public static final String BRICK_DIR = "/bricks/b";

  private final Sandbox sandbox;
  private final String name;
  private final List<Integer> hosts;
  private final Set<Integer> pool;
  private String definition;

  private GlusterVolume(Sandbox sandbox, String name, List<Integer> hosts, Set<Integer> pool) {
    this.sandbox = sandbox;
    this.name = name;
    this.hosts = List.copyOf(hosts);
    this.pool = Set.copyOf(pool);
  }

  /**
   * {@code gluster volume create <name> replica <n> <fqdn>:/bricks/b ... force} on the first of the
   * {@code n} {@code hosts}; {@code pool} are the pods on which its definition is compared.
   */
  static GlusterVolume create(Sandbox sandbox, Set<Integer> pool, String name, int... hosts) {
    List<String> argv =
        new ArrayList<>(
            List.of("volume", "create", name, "replica", Integer.toString(hosts.length)));
    List<Integer> on = new ArrayList<>();
    for (int o : hosts) {
      argv.add(sandbox.fqdn(o) + ":" + BRICK_DIR);
      on.add(o);
    }
    argv.add("force");
    sandbox.glusterPod(hosts[0]).gluster(argv.toArray(String[]::new)).orThrow();
    return new GlusterVolume(sandbox, name, on, pool);
  }

  public String name() {
    return name;
  }

  /** The volume as it serves data: start, brick status, pending heals, a brick's crash. */
  public ServedVolume served() {
    return ServedVolume.of(sandbox, name, BRICK_DIR, hosts);
  }

  /** The ordinals of the pods with a brick, in brick order. */
  public List<Integer> hosts() {
    return hosts;
  }

  /** The brick of pod {@code ordinal} as glusterd names it: {@code <fqdn>:/bricks/b}. */
  public String brick(int ordinal) {
    return sandbox.fqdn(ordinal) + ":" + BRICK_DIR;
  }

  /** The volume's {@code info} file in pod {@code ordinal}'s glusterd directory. */
  public Path infoFile(int ordinal) {
    return sandbox.glusterPod(ordinal).glusterdDir().resolve("vols").resolve(name).resolve("info");
  }

  /**
   * Pod {@code ordinal}'s definition of the volume: {@code volume info} with the options sorted
   * (glusterd lists them in another order on each node and after a restart), and the volume's
   * checksum file, what glusterd compares in the peer handshake.
   */
  public String definitionOn(int ordinal) {
    CommandResult r = sandbox.glusterPod(ordinal).gluster("--timeout=10", "volume", "info", name);
    if (!r.ok()) {
      return "volume info failed: " + r.describe();
    }
    String text = r.stdout();
    int options = text.indexOf("Options Reconfigured:");
    String head = options < 0 ? text : text.substring(0, options);
    List<String> sorted =
        options < 0
            ? List.of()
            : text.substring(options).lines().skip(1).filter(l -> !l.isBlank()).sorted().toList();
    Path cksum = infoFile(ordinal).resolveSibling("cksum");
    String sum = Files.isRegularFile(cksum) ? Scenario.read(cksum).strip() : "(no cksum file)";
    return head.strip() + "\n" + String.join("\n", sorted) + "\ncksum: " + sum;
  }

  /** {@link #definitionOn(int)} of every pod of the pool. */
  public Map<Integer, String> definitions() {
    Map<Integer, String> defs = new TreeMap<>();
    for (int o : new TreeSet<>(pool)) {
      defs.put(o, definitionOn(o));
    }
    return defs;
  }

  /**
   * Waits (at most {@code periods} probe periods; 0 looks once) until every pod of the pool has the
   * first host's definition, and remembers it as the volume's definition: what {@link
   * #assertDefinitionEverywhere(int)} later expects.
   */
  public String awaitDefinitionEverywhere(int periods) {
    definition = definitionOn(hosts.get(0));
    assertEverywhere(definition, periods);
    return definition;
  }

  /**
   * Every pod of the pool has the definition {@link #awaitDefinitionEverywhere(int)} remembered,
   * within {@code periods} probe periods (glusterd imports a volume right after the handshake, not
   * at once; 0 looks once).
   */
  public void assertDefinitionEverywhere(int periods) {
    assertThat(definition)
        .as("the definition of %s (awaitDefinitionEverywhere first)", name)
        .isNotNull();
    assertEverywhere(definition, periods);
  }

  private void assertEverywhere(String expected, int periods) {
    assertThat(expected)
        .as("the definition of %s every pod must have", name)
        .startsWith("Volume Name: " + name)
        .doesNotContain("(no cksum file)");
    long end = System.nanoTime() + sandbox.probePeriod().multipliedBy(periods).toNanos();
    Map<Integer, String> defs = definitions();
    while (!defs.values().stream().allMatch(expected::equals) && System.nanoTime() < end) {
      Scenario.sleep(Duration.ofMillis(500));
      defs = definitions();
    }
    assertThat(defs)
        .as("each pod's definition of volume %s", name)
        .allSatisfy((o, d) -> assertThat(d).isEqualTo(expected));
  }

  /**
   * Each brick as pod {@code observer} lists it ({@code host:/path}) with its owner's UUID ({@code
   * hostUuid}).
   */
  public Map<String, String> brickOwners(int observer) {
    String xml =
        sandbox
            .glusterPod(observer)
            .gluster("--timeout=10", "--xml", "volume", "info", name)
            .orThrow()
            .stdout();
    Map<String, String> owners = new TreeMap<>();
    Matcher m =
        Pattern.compile("<name>([^<]+)</name>\\s*<hostUuid>([^<]+)</hostUuid>").matcher(xml);
    while (m.find()) {
      owners.put(m.group(1), m.group(2));
    }
    assertThat(owners)
        .as("bricks of %s in pod %d's volume info:\n%s", name, observer, xml)
        .isNotEmpty();
    return owners;
  }

  /** Every pod of the pool lists the bricks with these owners ({@link #brickOwners(int)}). */
  public void assertBrickOwnersEverywhere(Map<String, String> owners) {
    for (int o : new TreeSet<>(pool)) {
      assertThat(brickOwners(o))
          .as("%s's bricks and their owners as pod %d lists them", name, o)
          .isEqualTo(owners);
    }
  }
}
