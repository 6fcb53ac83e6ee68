package io.glusterctl.probe.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The parsers fed thousands of generated inputs: every truncation of every fixture, random bytes,
 * shuffled lines, one-character mutations, generated pools of up to thousands of peers. Two
 * properties: nothing but a {@link GlusterOutputException} ever comes out (no crash), and no input
 * derived from an N-peer output ever reads as a different set of peers (an error instead).
 */
class ParserPropertiesTest {

  /** Every public entry point, as a function that returns a result or throws. */
  enum EntryPoint {
    PEER_STATUS(PeerStatusParser::parse),
    POOL_LIST(PoolListParser::parse),
    VOLUME_INFO(VolumeInfoParser::parse),
    ENVELOPE(CliEnvelope::parse),
    PROBE_XML(s -> GlusterCommandResult.fromXml(GlusterCommandResult.Operation.PROBE, s)),
    DETACH_XML(s -> GlusterCommandResult.fromXml(GlusterCommandResult.Operation.DETACH, s)),
    PROBE_TEXT(s -> GlusterCommandResult.fromText(GlusterCommandResult.Operation.PROBE, s, s, 0)),
    DETACH_TEXT(
        s -> GlusterCommandResult.fromText(GlusterCommandResult.Operation.DETACH, "", s, 1));

    private final Parse parse;

    EntryPoint(Parse parse) {
      this.parse = parse;
    }

    /** A reader of listings (peer status, pool list, volume info). */
    boolean listing() {
      return this == PEER_STATUS || this == POOL_LIST || this == VOLUME_INFO;
    }

    /** The result, or empty when the parser refused with a GlusterOutputException. */
    Optional<Object> attempt(String input) {
      try {
        return Optional.of(parse.apply(input));
      } catch (GlusterOutputException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          throw new AssertionError(this + " refused without saying why", e);
        }
        return Optional.empty();
      }
    }
  }

  @FunctionalInterface
  interface Parse {
    Object apply(String input) throws GlusterOutputException;
  }

  // ------------------------------------------------------------------ truncations, exhaustively

  @Example
  void everyTruncationOfEveryFixtureIsTheWholeResultOrAnError() {
    int cuts = 0;
    for (String fixture : Fixtures.all()) {
      String full = Fixtures.read(fixture);
      for (EntryPoint entry : EntryPoint.values()) {
        if (!entry.listing() && !isCommandAnswer(fixture)) {
          continue; // the envelope and command readers on a listing: covered by the mutations
        }
        Optional<Object> whole = entry.attempt(full);
        for (int cut = 0; cut < full.length(); cut++) {
          Optional<Object> part = entry.attempt(full.substring(0, cut));
          cuts++;
          if (part.isPresent()) {
            assertThat(whole)
                .as("%s cut at %d parses but the whole does not", fixture, cut)
                .isPresent();
            assertSameOrOnlyLastOtherNamesCut(fixture, cut, whole.get(), part.get());
          }
        }
      }
    }
    assertThat(cuts).isGreaterThan(90_000);
  }

  private static boolean isCommandAnswer(String fixture) {
    return fixture.startsWith("peer-probe")
        || fixture.startsWith("peer-detach")
        || fixture.startsWith("remote-host-peer-probe")
        || fixture.startsWith("remote-host-peer-detach")
        || fixture.startsWith("connection-failed")
        || fixture.startsWith("timeout");
  }

  /**
   * The one thing the text form cannot show: the end of the last peer's {@code Other names} list
   * (glusterd prints no count and no end marker). A cut right after a complete name line reads as
   * the same peers, the last with fewer of its other names. Everything else must be equal.
   */
  private static void assertSameOrOnlyLastOtherNamesCut(
      String fixture, int cut, Object whole, Object part) {
    if (whole instanceof PoolView w && part instanceof PoolView p && !w.equals(p)) {
      assertThat(fixture).endsWith(".txt");
      assertThat(p.peers()).hasSameSizeAs(w.peers());
      int last = w.peers().size() - 1;
      assertThat(p.peers().subList(0, last)).isEqualTo(w.peers().subList(0, last));
      Peer wl = w.peers().get(last);
      Peer pl = p.peers().get(last);
      assertThat(List.of(pl.uuid(), pl.hostname(), pl.state(), pl.connected()))
          .isEqualTo(List.of(wl.uuid(), wl.hostname(), wl.state(), wl.connected()));
      assertThat(wl.hostnames()).startsWith(pl.hostnames().toArray(String[]::new));
      return;
    }
    assertThat(part).as("%s cut at %d", fixture, cut).isEqualTo(whole);
  }

  // ------------------------------------------------------------------ random bytes

  @Property(tries = 2000)
  void randomBytesNeverCrashAParser(
      @ForAll @Size(max = 3000) byte[] bytes, @ForAll EntryPoint entry) {
    entry.attempt(new String(bytes, StandardCharsets.UTF_8));
    entry.attempt(new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Property(tries = 1000)
  void randomBytesAfterAValidPrefixNeverCrashAParser(
      @ForAll("fixtures") String fixture,
      @ForAll @Size(max = 500) byte[] bytes,
      @ForAll EntryPoint entry) {
    String full = Fixtures.read(fixture);
    String prefix = full.substring(0, Math.min(full.length(), bytes.length * 3));
    entry.attempt(prefix + new String(bytes, StandardCharsets.ISO_8859_1));
  }

  // ------------------------------------------------------------------ shuffled lines

  @Property(tries = 2000)
  void shuffledLinesNeverCrashAndNeverChangeHowManyPeers(@ForAll("shuffledFixtures") Shuffled s) {
    for (EntryPoint entry : EntryPoint.values()) {
      entry.attempt(s.text());
    }
    Optional<Object> whole = EntryPoint.PEER_STATUS.attempt(Fixtures.read(s.fixture()));
    Optional<Object> shuffled = EntryPoint.PEER_STATUS.attempt(s.text());
    if (shuffled.isPresent()) {
      assertThat(whole).isPresent();
      assertThat(((PoolView) shuffled.get()).peers())
          .hasSameSizeAs(((PoolView) whole.get()).peers());
    }
  }

  record Shuffled(String fixture, String text) {}

  @Provide
  Arbitrary<Shuffled> shuffledFixtures() {
    return fixtures()
        .flatMap(
            f ->
                Arbitraries.shuffle(List.of(Fixtures.read(f).split("\n", -1)))
                    .map(lines -> new Shuffled(f, String.join("\n", lines))));
  }

  // ------------------------------------------------------------------ one-character mutations

  @Property(tries = 5000)
  void oneCharacterMutationsNeverCrashAndNeverChangeHowManyPeers(
      @ForAll("fixtures") String fixture,
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll("mutationChars") char c,
      @ForAll @IntRange(min = 0, max = 2) int how) {
    String full = Fixtures.read(fixture);
    int at = full.isEmpty() ? 0 : where % full.length();
    String mutated =
        switch (how) {
          case 0 -> full.isEmpty() ? "" : full.substring(0, at) + full.substring(at + 1);
          case 1 -> full.substring(0, at) + c + full.substring(at);
          default -> full.isEmpty() ? "" : full.substring(0, at) + c + full.substring(at + 1);
        };
    for (EntryPoint entry : EntryPoint.values()) {
      entry.attempt(mutated);
    }
    Optional<Object> whole = EntryPoint.PEER_STATUS.attempt(full);
    Optional<Object> after = EntryPoint.PEER_STATUS.attempt(mutated);
    if (whole.isPresent() && after.isPresent()) {
      assertThat(((PoolView) after.get()).peers())
          .as("%s, mutation %d at %d with '%s'", fixture, how, at, c)
          .hasSameSizeAs(((PoolView) whole.get()).peers());
    }
  }

  @Provide
  Arbitrary<Character> mutationChars() {
    return Arbitraries.of("<>/\n\r \t:()-0123456789aAzZ&;\"'\u0000\uFEFF".toCharArray());
  }

  @Provide
  Arbitrary<String> fixtures() {
    return Arbitraries.of(Fixtures.all());
  }

  // ------------------------------------------------------------------ generated pools

  @Property(tries = 1000)
  void aGeneratedPoolReadsBackExactlyInBothForms(@ForAll("pools") List<Peer> pool)
      throws Exception {
    assertThat(PeerStatusParser.parse(GlusterdRendering.peerStatusText(pool)).peers())
        .isEqualTo(pool);
    assertThat(PeerStatusParser.parse(GlusterdRendering.peerStatusXml(pool)).peers())
        .isEqualTo(pool);
    String crlf = GlusterdRendering.peerStatusText(pool).replace("\n", " \r\n");
    assertThat(PeerStatusParser.parse(crlf).peers()).isEqualTo(pool);
  }

  @Property(tries = 3000)
  void aTruncatedGeneratedPoolIsTheWholePoolOrAnError(
      @ForAll("pools") List<Peer> pool,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll boolean xml) {
    String full =
        xml ? GlusterdRendering.peerStatusXml(pool) : GlusterdRendering.peerStatusText(pool);
    int cut = where % (full.length() + 1);
    Optional<Object> part = EntryPoint.PEER_STATUS.attempt(full.substring(0, cut));
    if (part.isPresent()) {
      assertSameOrOnlyLastOtherNamesCut(
          xml ? "generated.xml" : "generated.txt", cut, PoolView.of(pool), part.get());
    }
  }

  @Property(tries = 5)
  void hugePoolsReadBackExactly(@ForAll("hugePools") List<Peer> pool) throws Exception {
    String text = GlusterdRendering.peerStatusText(pool);
    String xml = GlusterdRendering.peerStatusXml(pool);

    assertThat(PeerStatusParser.parse(text).peers()).isEqualTo(pool);
    assertThat(PeerStatusParser.parse(xml).peers()).isEqualTo(pool);
    // one peer fewer than the header says: an error, not a list of N-1
    String oneShort = text.substring(0, text.lastIndexOf("\nHostname: ") + 1);
    assertThat(EntryPoint.PEER_STATUS.attempt(oneShort)).isEmpty();
  }

  @Provide
  Arbitrary<List<Peer>> pools() {
    return peers().list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Peer>> hugePools() {
    return peers().list().ofMinSize(2000).ofMaxSize(5000);
  }

  private static Arbitrary<Peer> peers() {
    Arbitrary<String> uuid =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
            .as((a, b) -> new UUID(a, b).toString());
    // RFC 1123, in any case: labels of letters and digits with hyphens inside, joined by dots
    Arbitrary<String> alnum =
        Arbitraries.strings().withChars("abcxyzABCXYZ0129").ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> label =
        Combinators.combine(alnum, Arbitraries.strings().withChars("-").ofMaxLength(2), alnum)
            .as((a, h, b) -> h.isEmpty() ? a : a + h + b);
    Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    return Combinators.combine(
            uuid,
            name,
            name.list().ofMaxSize(3),
            Arbitraries.of(PeerState.class),
            Arbitraries.of(true, false))
        .as(
            (u, primary, others, state, connected) -> {
              List<String> names = new ArrayList<>();
              names.add(primary);
              names.addAll(others);
              return new Peer(u, primary, names, state, connected);
            });
  }

  // ------------------------------------------------------------------ huge and hostile inputs

  @Example
  void hugeAndHostileInputsAreRefusedQuickly() {
    String big = "Number of Peers: 9999999\n" + "\n".repeat(CliXml.MAX_CHARS);
    String deep = "<cliOutput>" + "<a>".repeat(200_000) + "</a>".repeat(200_000) + "</cliOutput>";
    String manyPeersClaimed = "Number of Peers: 9999999\n";
    String billionLaughs =
        "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><cliOutput>&b;</cliOutput>";
    for (EntryPoint entry : EntryPoint.values()) {
      for (String input : List.of(big, deep, manyPeersClaimed, billionLaughs)) {
        long t0 = System.nanoTime();
        assertThat(entry.attempt(input)).as("%s on %.40s", entry, input).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms").isLessThan(5_000);
      }
    }
  }

  @Example
  void parsersAreTotalOnNull() {
    for (Function<String, Object> f :
        List.<Function<String, Object>>of(
            s -> EntryPoint.PEER_STATUS.attempt(s),
            s -> EntryPoint.POOL_LIST.attempt(s),
            s -> EntryPoint.VOLUME_INFO.attempt(s),
            s -> EntryPoint.ENVELOPE.attempt(s))) {
      assertThat(f.apply(null)).isEqualTo(Optional.empty());
    }
    assertThatThrownBy(() -> PeerStatusTextParser.parse(null)).isInstanceOf(ParseException.class);
  }
}
