package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RunbookSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every finding {@code status} prints names a section of docs/troubleshooting.md that exists: each
 * reason code is in exactly one {@link RunbookSection}, and each section's anchor is the one GitHub
 * makes from a {@code ## } heading of the page. A new reason code without a section, or a heading
 * renamed without its anchor, fails here.
 */
class RunbookSectionTest {
  private static final Path PAGE = Path.of(RunbookSection.PAGE);

  /** The anchors of the page's {@code ## } headings (its sections), as GitHub makes them. */
  static Set<String> sectionAnchors(String markdown) {
    String headings =
        DocsTest.prose(markdown)
            .lines()
            .filter(l -> l.startsWith("## "))
            .collect(Collectors.joining("\n"));
    return DocsTest.anchors(headings);
  }

  @Test
  void everyReasonCodeHasExactlyOneSection() {
    List<String> wrong = new ArrayList<>();
    for (ReasonCode c : ReasonCode.values()) {
      List<RunbookSection> in =
          Arrays.stream(RunbookSection.values()).filter(s -> s.codes().contains(c)).toList();
      if (in.size() != 1) {
        wrong.add(c + " is in " + (in.isEmpty() ? "no section" : in));
      }
    }
    assertThat(wrong).as("reason codes without exactly one runbook section").isEmpty();
  }

  @Test
  void everySectionIsAHeadingOfTheRunbook() {
    Set<String> anchors = sectionAnchors(Manifest.read(PAGE));
    assertThat(anchors).as("sections of " + PAGE).hasSizeGreaterThanOrEqualTo(10);
    for (RunbookSection s : RunbookSection.values()) {
      assertThat(anchors).as("%s's anchor in %s", s, PAGE).contains(s.anchor());
    }
  }

  @Test
  void sectionAnchorsAreMadeFromTheSectionHeadingsOnly() {
    String page =
        "# Runbook\n## A pod is Peer Rejected\n### Details\n```\n## not a heading\n```\n"
            + "## This pod is not a StatefulSet pod\n## A peer is not one of the StatefulSet's pods\n";
    assertThat(sectionAnchors(page))
        .containsExactlyInAnyOrder(
            "a-pod-is-peer-rejected",
            "this-pod-is-not-a-statefulset-pod",
            "a-peer-is-not-one-of-the-statefulsets-pods");
  }
}
