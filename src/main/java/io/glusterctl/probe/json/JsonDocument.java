package io.glusterctl.probe.json;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;

/**
 * A JSON document this program reads (its state file, the API's answers), parsed with nanojson
 * after a check of its nesting: nanojson descends one Java call per level, and 200 KB of {@code [}
 * overflowed the launcher's 512 KiB stack. Nothing this program reads nests more than a few levels.
 */
public final class JsonDocument {
  /** Deeper than any document read here (a Kubernetes Scale nests 3 levels). */
  public static final int MAX_DEPTH = 32;

  private JsonDocument() {}

  /**
   * The object {@code text} holds.
   *
   * @throws Unreadable when it is not a JSON object, or nests deeper than {@link #MAX_DEPTH}
   */
  public static JsonObject object(String text) throws Unreadable {
    int depth = deepestNesting(text);
    if (depth > MAX_DEPTH) {
      throw new Unreadable("nested deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return JsonParser.object().from(text);
    } catch (JsonParserException e) {
      throw new Unreadable(e.getMessage());
    }
  }

  /** How deep arrays and objects nest in {@code text}, strings left out; stops past the limit. */
  static int deepestNesting(String text) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
        if (depth > deepest) {
          deepest = depth;
          if (deepest > MAX_DEPTH) {
            return deepest;
          }
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return deepest;
  }

  /** Why a text is not a JSON object this program reads; the message says it for people. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String why) {
      super(why, null, false, false);
    }
  }
}
