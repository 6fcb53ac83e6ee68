package io.glusterctl.probe.model;

import java.util.Optional;

/**
 * The states of glusterd's friend state machine, with the exact text glusterd prints for each
 * ({@code glusterd_friend_sm_state_names} in glusterd-sm.c). The number is what {@code --xml}
 * prints in {@code <state>} and what glusterd writes as {@code state=} in {@code peers/<uuid>}.
 *
 * <p>Two texts differ only by case ("Probe Received from Peer" = 2, "Probe Received from peer" =
 * 8), so matching is exact and case-sensitive.
 */
public enum PeerState {
  ESTABLISHING_CONNECTION(0, "Establishing Connection"),
  PROBE_SENT_TO_PEER(1, "Probe Sent to Peer"),
  PROBE_RECEIVED_FROM_PEER(2, "Probe Received from Peer"),
  PEER_IN_CLUSTER(3, "Peer in Cluster"),
  ACCEPTED_PEER_REQUEST(4, "Accepted peer request"),
  SENT_AND_RECEIVED_PEER_REQUEST(5, "Sent and Received peer request"),
  PEER_REJECTED(6, "Peer Rejected"),
  PEER_DETACH_IN_PROGRESS(7, "Peer detach in progress"),
  PROBE_RECEIVED_FROM_PEER_LC(8, "Probe Received from peer"),
  CONNECTED_TO_PEER(9, "Connected to Peer"),
  PEER_IS_CONNECTED_AND_ACCEPTED(10, "Peer is connected and Accepted"),
  INVALID_STATE(11, "Invalid State");

  private final int code;
  private final String text;

  PeerState(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The number glusterd uses for this state. */
  public int code() {
    return code;
  }

  /** The text glusterd prints for this state, e.g. {@code Peer in Cluster}. */
  public String text() {
    return text;
  }

  public static Optional<PeerState> fromCode(int code) {
    for (PeerState s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Exact, case-sensitive match of glusterd's text. */
  public static Optional<PeerState> fromText(String text) {
    for (PeerState s : values()) {
      if (s.text.equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** A handshake that has started but not finished (states 1, 2, 4, 5, 8, 9, 10). */
  public boolean isHandshakeInProgress() {
    return switch (this) {
      case PROBE_SENT_TO_PEER,
              PROBE_RECEIVED_FROM_PEER,
              ACCEPTED_PEER_REQUEST,
              SENT_AND_RECEIVED_PEER_REQUEST,
              PROBE_RECEIVED_FROM_PEER_LC,
              CONNECTED_TO_PEER,
              PEER_IS_CONNECTED_AND_ACCEPTED ->
          true;
      default -> false;
    };
  }
}
