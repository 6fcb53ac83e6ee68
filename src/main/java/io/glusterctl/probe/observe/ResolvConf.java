package io.glusterctl.probe.observe;

import io.glusterctl.probe.model.HostNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of {@code /etc/resolv.conf} the program uses: the name servers, the search list and the
 * options. A pod's resolv.conf looks like:
 *
 * <pre>
 * search default.svc.cluster.local svc.cluster.local cluster.local
 * nameserver 10.96.0.10
 * options ndots:5
 * </pre>
 *
 * @param nameservers in the order given
 * @param search the search list ({@code search} or {@code domain}; the last such line wins, as in
 *     glibc), lower case, without trailing dots
 * @param options {@code name -> value} ({@code ndots:5} is {@code ndots -> 5}, {@code edns0} is
 *     {@code edns0 -> ""}); a later option overrides an earlier one
 */
public record ResolvConf(
    List<String> nameservers, List<String> search, Map<String, String> options) {

  public static final ResolvConf EMPTY = new ResolvConf(List.of(), List.of(), Map.of());

  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** Parses the text of a resolv.conf. Lines it does not know are skipped; it never fails. */
  public static ResolvConf parse(String text) {
    List<String> nameservers = new ArrayList<>();
    List<String> search = List.of();
    Map<String, String> options = new LinkedHashMap<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] words = line.split("\\s+");
      switch (words[0]) {
        case "nameserver" -> {
          if (words.length >= 2) {
            nameservers.add(words[1]);
          }
        }
        case "search", "domain" -> {
          List<String> domains = new ArrayList<>();
          for (int i = 1; i < words.length; i++) {
            if (words[i].startsWith("#") || words[i].startsWith(";")) {
              break;
            }
            domains.add(HostNames.normalize(words[i]));
          }
          search =
              words[0].equals("domain") && !domains.isEmpty() ? domains.subList(0, 1) : domains;
        }
        case "options" -> {
          for (int i = 1; i < words.length; i++) {
            int colon = words[i].indexOf(':');
            if (colon < 0) {
              options.put(words[i], "");
            } else {
              options.put(words[i].substring(0, colon), words[i].substring(colon + 1));
            }
          }
        }
        default -> {
          // sortlist, lookup and other keywords: not used here
        }
      }
    }
    return new ResolvConf(nameservers, search, options);
  }

  public Optional<String> firstNameserver() {
    return nameservers.stream().findFirst();
  }

  /** A numeric option such as {@code ndots}, {@code timeout} or {@code attempts}. */
  public OptionalInt intOption(String name) {
    String v = options.get(name);
    if (v == null || !v.matches("[0-9]{1,9}")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(v));
  }

  /**
   * The cluster's DNS domain, from the search list: {@code cluster.local} out of {@code
   * <namespace>.svc.cluster.local}, else out of {@code svc.cluster.local}. Empty when the search
   * list has neither (not a pod, or a custom dnsConfig).
   */
  public Optional<String> clusterDomain(String namespace) {
    String prefix = HostNames.normalize(namespace) + ".svc.";
    for (String s : search) {
      if (s.startsWith(prefix) && HostNames.isValid(s.substring(prefix.length()))) {
        return Optional.of(s.substring(prefix.length()));
      }
    }
    for (String s : search) {
      if (s.startsWith("svc.") && HostNames.isValid(s.substring(4))) {
        return Optional.of(s.substring(4));
      }
    }
    return Optional.empty();
  }
}
