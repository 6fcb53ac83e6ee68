package io.glusterctl.probe.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One Event to post: about {@code regarding}, with a reason and the program's own reason text as
 * message. Its {@link #name()} is the same every time the same thing happens again (same object,
 * reason and {@code key}), so that a repeat updates one Event (its count and lastTimestamp) instead
 * of adding one every probe period, as Kubernetes' own event recorder aggregates.
 *
 * @param regarding the object it is about
 * @param reason the reason
 * @param key what makes two happenings the same one, e.g. the peer probed; never shown
 * @param message what happened and why, for people (cut to {@link #MAX_MESSAGE} characters)
 */
public record KubeEvent(ObjectRef regarding, EventReason reason, String key, String message) {
  /** Longer messages are cut: an Event is one line in {@code kubectl describe}. */
  public static final int MAX_MESSAGE = 1024;

  public KubeEvent {
    Objects.requireNonNull(regarding, "regarding");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    message = printable(message);
  }

  /**
   * {@code <object name>.<16 hex digits>}: a hash of the object, the reason and the key. Valid as
   * an object name (a DNS subdomain of at most 253 characters) for any pod or StatefulSet name.
   */
  public String name() {
    String identity =
        String.join(
            "\n",
            regarding.kind(),
            regarding.namespace(),
            regarding.name(),
            regarding.uid().orElse(""),
            reason.name(),
            key);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return regarding.name() + "." + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(MAX_MESSAGE)
        .forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    String out = b.toString().strip();
    return s.codePointCount(0, s.length()) > MAX_MESSAGE ? out + "..." : out;
  }
}
