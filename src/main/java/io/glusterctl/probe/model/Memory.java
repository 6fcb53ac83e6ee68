package io.glusterctl.probe.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What must be timed across runs, kept in the state file. Keys are peer UUIDs. A missing or
 * unreadable state file is {@link #EMPTY}: "start fresh", which can only delay an action, never
 * cause one.
 *
 * @param disconnectedSince when each peer was first seen disconnected
 * @param surplusSince when each peer was first seen surplus (absent from DNS)
 * @param stuckSince when each peer was first seen in an unfinished handshake
 */
public record Memory(
    Map<String, Instant> disconnectedSince,
    Map<String, Instant> surplusSince,
    Map<String, Instant> stuckSince) {

  public static final Memory EMPTY = new Memory(Map.of(), Map.of(), Map.of());

  public Memory {
    disconnectedSince = Map.copyOf(new TreeMap<>(disconnectedSince));
    surplusSince = Map.copyOf(new TreeMap<>(surplusSince));
    stuckSince = Map.copyOf(new TreeMap<>(stuckSince));
  }
}
