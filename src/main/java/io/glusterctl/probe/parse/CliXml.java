package io.glusterctl.probe.parse;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a {@code gluster --xml} answer with the JDK's DOM parser, locked down: no DTD, no external
 * entities, no XInclude, nothing fetched, nothing printed to stderr. And the few element lookups
 * the parsers share, each strict about "exactly one".
 */
final class CliXml {
  /** Larger than any real answer (a pool of thousands of peers), small enough to hold in memory. */
  static final int MAX_CHARS = 16 * 1024 * 1024;

  /**
   * The most tags ({@code <} characters) an answer may hold: a peer status lists 16 per peer, a
   * volume info about 6 per option and brick, so this is thousands of peers or hundreds of volumes.
   * Parsed into a DOM, a million {@code <b/>} (4 MiB) ran the launcher's 64 MiB heap out; this many
   * takes a few MiB.
   */
  static final int MAX_TAGS = 200_000;

  /** Deeper than any answer (a volume info's brick name is at depth 7). */
  static final int MAX_DEPTH = 32;

  private static final DocumentBuilderFactory FACTORY = secureFactory();
  private static final ThreadLocal<DocumentBuilder> BUILDER =
      ThreadLocal.withInitial(CliXml::newBuilder);

  private CliXml() {}

  /**
   * Parses {@code text} and returns its {@code <cliOutput>} root element.
   *
   * @throws GlusterOpFailed when {@code text} is one of the CLI's plain-text failure lines
   * @throws ParseException when it is anything else that is not a {@code <cliOutput>} document
   */
  static Element read(String text) throws ParseException, GlusterOpFailed {
    if (text == null || text.isBlank()) {
      throw new ParseException("empty output");
    }
    String s = plainText(text).stripLeading();
    if (!s.startsWith("<")) {
      throw new ParseException("not XML: " + firstLine(s));
    }
    long tags = s.chars().filter(c -> c == '<').count();
    if (tags > MAX_TAGS) {
      throw new ParseException(
          "output has " + tags + " tags, more than any gluster answer (" + MAX_TAGS + ")");
    }
    org.w3c.dom.Document doc;
    try {
      doc = builder().parse(new InputSource(new StringReader(s)));
    } catch (SAXParseException e) {
      throw new ParseException(
          "malformed XML at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + e.getMessage(),
          e);
    } catch (SAXException | IOException e) {
      throw new ParseException("malformed XML: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // the JDK's parser is not supposed to throw these; if it does, the input is still unusable
      throw new ParseException("XML parser failed: " + e, e);
    }
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("cliOutput")) {
      throw new ParseException("root element is <" + root.getTagName() + ">, not <cliOutput>");
    }
    return root;
  }

  /** The envelope of a {@code <cliOutput>} root. */
  static CliEnvelope envelope(Element root) throws ParseException {
    int opRet = intText(root, "opRet");
    int opErrno = intText(root, "opErrno");
    String opErrstr = optionalOne(root, "opErrstr").isPresent() ? text(root, "opErrstr") : "";
    return new CliEnvelope(opRet, opErrno, opErrstr);
  }

  /**
   * The body element {@code name} of a successful answer.
   *
   * @throws GlusterOpFailed when {@code opRet} is not 0
   */
  static Element okBody(String text, String name) throws ParseException, GlusterOpFailed {
    Element root = read(text);
    envelope(root).requireOk();
    onlyKnownStructure(root, Set.of("opRet", "opErrno", "opErrstr", name));
    return one(root, name);
  }

  /**
   * Refuses a child element of {@code parent} that is not one of {@code known} and holds elements
   * itself: an unknown leaf (a field a newer glusterd adds) is ignored, but an unknown structure (a
   * {@code <peer>} where no peer belongs) would hide data, so it is an error.
   */
  static void onlyKnownStructure(Element parent, Set<String> known) throws ParseException {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && !known.contains(e.getTagName())) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
          if (c instanceof Element) {
            throw new ParseException(
                "<" + parent.getTagName() + "> holds an unexpected <" + e.getTagName() + ">");
          }
        }
      }
    }
  }

  /** The direct children of {@code parent} named {@code name}. */
  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The one direct child named {@code name}: missing or repeated is an error. */
  static Element one(Element parent, String name) throws ParseException {
    return optionalOne(parent, name)
        .orElseThrow(
            () -> new ParseException("<" + parent.getTagName() + "> has no <" + name + ">"));
  }

  /** The direct child named {@code name}, if there is one; repeated is an error. */
  static Optional<Element> optionalOne(Element parent, String name) throws ParseException {
    List<Element> found = children(parent, name);
    if (found.size() > 1) {
      throw new ParseException(
          "<" + parent.getTagName() + "> has " + found.size() + " <" + name + ">");
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The trimmed text of the one child {@code name}, which must hold text only. */
  static String text(Element parent, String name) throws ParseException {
    return textOf(one(parent, name));
  }

  /** The trimmed text of {@code e}, which must hold text only. */
  static String textOf(Element e) throws ParseException {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        throw new ParseException(
            "<" + e.getTagName() + "> holds an element <" + child.getTagName() + ">, not text");
      }
    }
    return e.getTextContent().strip();
  }

  /** The text of the one child {@code name} as an int. */
  static int intText(Element parent, String name) throws ParseException {
    String t = text(parent, name);
    if (!t.matches("-?[0-9]{1,9}")) {
      throw new ParseException("<" + name + "> is not a number: '" + abbreviate(t) + "'");
    }
    return Integer.parseInt(t);
  }

  /** The first line of {@code s}, cut to a length fit for a message. */
  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return abbreviate(nl < 0 ? s : s.substring(0, nl));
  }

  /**
   * {@code s} fit for a message: at most 80 characters, and every character outside printable ASCII
   * written as {@code \\uXXXX}, so that nothing invisible, reordering or terminal-controlling from
   * the CLI reaches a report as it is.
   */
  static String abbreviate(String s) {
    String t = s.strip();
    StringBuilder b = new StringBuilder();
    int i = 0;
    for (; i < t.length() && b.length() < 80; i++) {
      char c = t.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c)); // nothing invisible or reordering printed
      }
    }
    return i < t.length() ? b + "..." : b.toString();
  }

  static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /**
   * The CLI's text output, ready to read line by line: not larger than {@link #MAX_CHARS}, without
   * a byte-order mark, and not one of the CLI's own failure lines ({@link
   * GlusterOpFailed#fromPlainText}), which is thrown.
   */
  static String plainText(String text) throws ParseException, GlusterOpFailed {
    if (text.length() > MAX_CHARS) {
      throw new ParseException("output too large: " + text.length() + " characters");
    }
    String s = stripBom(text);
    Optional<GlusterOpFailed> failed = GlusterOpFailed.fromPlainText(s);
    if (failed.isPresent()) {
      throw failed.get();
    }
    return s;
  }

  /** A builder per thread, reset before each use: creating one costs more than a parse. */
  private static DocumentBuilder builder() {
    DocumentBuilder b = BUILDER.get();
    b.reset();
    b.setEntityResolver(
        (publicId, systemId) -> {
          throw new SAXException("external entity refused: " + systemId);
        });
    b.setErrorHandler(
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) {}

          @Override
          public void error(SAXParseException e) throws SAXParseException {
            throw e;
          }

          @Override
          public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
          }
        });
    return b;
  }

  private static DocumentBuilder newBuilder() {
    try {
      synchronized (FACTORY) {
        return FACTORY.newDocumentBuilder();
      }
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
    }
  }

  private static DocumentBuilderFactory secureFactory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be locked down", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    // deeper nesting is refused while parsing, before anything walks the tree recursively
    f.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_DEPTH));
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    f.setValidating(false);
    f.setIgnoringComments(true);
    f.setCoalescing(true);
    return f;
  }
}
