package io.glusterctl.probe.packaging;

import java.nio.file.Path;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/** The project's pom.xml, read for the few values the packaging tests compare against. */
final class Pom {
  static final Path FILE = Path.of("pom.xml");
  private final Document xml;

  private Pom(Document xml) {
    this.xml = xml;
  }

  static Pom load() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return new Pom(factory.newDocumentBuilder().parse(FILE.toFile()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + FILE, e);
    }
  }

  /** The text at an XPath with the POM namespace ignored, e.g. {@code /project/version}. */
  Optional<String> text(String path) {
    StringBuilder local = new StringBuilder();
    for (String step : path.split("/")) {
      if (step.isEmpty()) {
        continue;
      }
      int bracket = step.indexOf('[');
      String name = bracket < 0 ? step : step.substring(0, bracket);
      String predicate = bracket < 0 ? "" : step.substring(bracket);
      local.append("/*[local-name()='").append(name).append("']").append(predicate);
    }
    try {
      Node node =
          (Node)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(local.toString(), xml, XPathConstants.NODE);
      return Optional.ofNullable(node).map(n -> n.getTextContent().trim());
    } catch (Exception e) {
      throw new IllegalArgumentException(path, e);
    }
  }

  String version() {
    return text("/project/version").orElseThrow();
  }

  String property(String name) {
    return text("/project/properties/" + name)
        .orElseThrow(() -> new AssertionError("pom.xml has no property " + name));
  }

  /** The native-image build arguments of the native profile. */
  java.util.List<String> nativeBuildArgs() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 1; ; i++) {
      Optional<String> arg =
          text(
              "/project/profiles/profile[*[local-name()='id']='native']/build/plugins"
                  + "/plugin[*[local-name()='artifactId']='native-maven-plugin']/configuration"
                  + "/buildArgs/buildArg["
                  + i
                  + "]");
      if (arg.isEmpty()) {
        return out;
      }
      out.add(arg.get());
    }
  }

  /** The native-image's name configured in the native profile. */
  String nativeImageName() {
    return text("/project/profiles/profile[*[local-name()='id']='native']/build/plugins"
            + "/plugin[*[local-name()='artifactId']='native-maven-plugin']/configuration/imageName")
        .orElseThrow(() -> new AssertionError("pom.xml: no imageName in the native profile"));
  }
}
