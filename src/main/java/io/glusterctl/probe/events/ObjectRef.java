package io.glusterctl.probe.events;

import java.util.Objects;
import java.util.Optional;

/**
 * The object an Event is about ({@code involvedObject}): a pod or the StatefulSet, in the pod's own
 * namespace. {@code kubectl describe} finds an object's Events by name and UID, so the UID is given
 * when it is known (this pod's comes from the downward API).
 *
 * @param apiVersion {@code v1} for a Pod, {@code apps/v1} for a StatefulSet
 * @param kind {@code Pod} or {@code StatefulSet}
 * @param namespace the namespace
 * @param name the object's name
 * @param uid the object's UID, when known
 */
public record ObjectRef(
    String apiVersion, String kind, String namespace, String name, Optional<String> uid) {
  public ObjectRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    uid = uid.filter(u -> !u.isBlank());
  }

  public static ObjectRef pod(String namespace, String name, Optional<String> uid) {
    return new ObjectRef("v1", "Pod", namespace, name, uid);
  }

  public static ObjectRef statefulSet(String namespace, String name, Optional<String> uid) {
    return new ObjectRef("apps/v1", "StatefulSet", namespace, name, uid);
  }
}
