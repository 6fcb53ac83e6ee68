package io.glusterctl.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temp dirs named {@code gct-*} under the system temp dir ({@code @TempDir(factory =
 * GctTempDir.class)}), so that this machine's parallel sessions can tell whose they are.
 */
public final class GctTempDir implements TempDirFactory {
  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws Exception {
    return Files.createTempDirectory("gct-");
  }
}
