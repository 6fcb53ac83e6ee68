package io.glusterctl.probe.bench;

import java.util.ArrayList;
import java.util.List;

/** A markdown table, the first column left-aligned and the others right-aligned. */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    if (r.size() != headers.size()) {
      throw new IllegalArgumentException(
          r.size() + " cells for " + headers.size() + " columns: " + r);
    }
    rows.add(r);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int i = 0; i < headers.size(); i++) {
      b.append(i == 0 ? ":---|" : "---:|");
    }
    b.append('\n');
    for (List<String> r : rows) {
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return b.toString();
  }
}
