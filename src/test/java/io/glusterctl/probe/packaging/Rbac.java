package io.glusterctl.probe.packaging;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Role's rules allow, decided as the API server's RBAC authorizer does for a resource
 * request: some rule names the verb, the API group, the resource (with its subresource as {@code
 * resource/subresource}) and, when the rule lists names, the object's name ({@code *} matches any).
 * A create has no name yet, so a rule with resourceNames never allows it.
 */
final class Rbac {
  private Rbac() {}

  /** One request: {@code get} of {@code /apis/apps/v1/namespaces/ns/statefulsets/x/scale}. */
  record Request(String verb, String group, String resource, String name) {
    private static final Pattern PATH =
        Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?$");

    /** The request a verb on an API path makes. */
    static Request of(String verb, String path) {
      Matcher m = PATH.matcher(path);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a namespaced resource path: " + path);
      }
      String group = m.group(1) == null ? "" : m.group(1);
      String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
      return new Request(verb, group, resource, m.group(3) == null ? "" : m.group(3));
    }
  }

  static boolean allows(List<PolicyRule> rules, Request r) {
    return rules.stream().anyMatch(rule -> allows(rule, r));
  }

  private static boolean allows(PolicyRule rule, Request r) {
    List<String> names = Objects.requireNonNullElse(rule.getResourceNames(), List.of());
    return matches(rule.getVerbs(), r.verb())
        && matches(rule.getApiGroups(), r.group())
        && matches(rule.getResources(), r.resource())
        && (names.isEmpty() || (!r.name().isEmpty() && names.contains(r.name())));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
