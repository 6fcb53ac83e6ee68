package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import io.glusterctl.probe.parse.ParseException;
import io.glusterctl.probe.parse.PeerStatusXmlParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A native image holds only the resource bundles its configuration lists, and the JDK's XML parser
 * builds every error message from its bundles: without them a truncated {@code peer status --xml}
 * is reported as a {@code MissingResourceException} instead of "line 11, column 2: XML document
 * structures must start and end within the same entity". The bundles listed for the native image
 * must hold the messages the program's parser produces; docker/check-binary.sh checks the same in
 * the image build.
 */
class XmlMessageBundlesTest {
  static final Path RESOURCE_CONFIG =
      Path.of(
          "src/main/resources/META-INF/native-image/io.glusterctl/glusterctl-probe/resource-config.json");

  private static final String GOOD =
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <cliOutput>
        <opRet>0</opRet>
        <opErrno>0</opErrno>
        <opErrstr/>
        <peerStatus/>
      </cliOutput>
      """;

  /** Malformed answers of the kinds a killed or confused CLI leaves behind. */
  static Stream<String> malformed() {
    return Stream.of(
        GOOD.substring(0, 120),
        GOOD.substring(0, GOOD.indexOf("</cliOutput>") + 5),
        GOOD.replace("<opRet>0</opRet>", "<opRet>0</opRe>"),
        GOOD + "<cliOutput/>",
        GOOD.replace("<peerStatus/>", "<peerStatus a=1/>"),
        GOOD.replace("<opErrstr/>", "<opErrstr>\u0001</opErrstr>"),
        GOOD.replace("<opErrstr/>", "<opErrstr>&nbsp;</opErrstr>"),
        "<cliOutput><opRet>0</opRet><");
  }

  static List<String> configuredBundles() throws Exception {
    JsonObject config = JsonParser.object().from(Files.readString(RESOURCE_CONFIG));
    List<String> names = new ArrayList<>();
    JsonArray bundles = config.getArray("bundles");
    for (int i = 0; i < bundles.size(); i++) {
      names.add(bundles.getObject(i).getString("name"));
    }
    return names;
  }

  /** The English texts of a JDK bundle, read from the runtime image (java.xml does not open it). */
  static Properties bundle(String name) throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    Path file = jrt.getPath("/modules/java.xml/" + name.replace('.', '/') + ".properties");
    assertThat(Files.exists(file)).as("bundle %s in the JDK's java.xml module", name).isTrue();
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  @Test
  void theConfigurationListsTheXmlParsersBundlesAndEachExists() throws Exception {
    assertThat(configuredBundles())
        .contains("com.sun.org.apache.xerces.internal.impl.msg.XMLMessages")
        .doesNotHaveDuplicates();
    for (String name : configuredBundles()) {
      assertThat(bundle(name)).as(name).isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void everyParseErrorMessageComesFromAConfiguredBundle(String xml) throws Exception {
    String message = parseError(xml);
    Matcher m = Pattern.compile("line \\d+, column \\d+: (.*)$").matcher(message);
    assertThat(m.find()).as("a line and a column in: %s", message).isTrue();
    String text = m.group(1);
    List<String> templates = new ArrayList<>();
    for (String name : configuredBundles()) {
      bundle(name).values().forEach(v -> templates.add((String) v));
    }
    assertThat(templates)
        .as("a configured bundle holds the text of: %s", text)
        .anySatisfy(t -> assertThat(text).matches(templateRegex(t)));
  }

  @Test
  void aMessageFromNoConfiguredBundleFailsTheCheck() throws Exception {
    String text = "org.xml.sax.SAXParseException: not a bundle's text";
    List<String> templates = new ArrayList<>();
    for (String name : configuredBundles()) {
      bundle(name).values().forEach(v -> templates.add((String) v));
    }
    assertThat(templates).noneSatisfy(t -> assertThat(text).matches(templateRegex(t)));
  }

  private static String parseError(String xml) {
    try {
      PeerStatusXmlParser.parse(xml);
      throw new AssertionError("parsed: " + xml);
    } catch (ParseException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError("not a ParseException: " + e, e);
    }
  }

  /** A MessageFormat template ({@code The element type "{0}" must ...}) as a regex. */
  static String templateRegex(String template) {
    String unquoted = template.replace("''", "'");
    StringBuilder regex = new StringBuilder();
    Matcher arg = Pattern.compile("\\{\\d+\\}").matcher(unquoted);
    int at = 0;
    while (arg.find()) {
      regex.append(Pattern.quote(unquoted.substring(at, arg.start()))).append("(?s).*?");
      at = arg.end();
    }
    regex.append(Pattern.quote(unquoted.substring(at)));
    return "(?s)" + regex;
  }
}
