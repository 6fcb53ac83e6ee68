package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.verdict.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Whatever escapes a command, the JVM's own errors included, is one line and exit 70 ("internal
 * error"), never the JVM's exit 1 of an uncaught error, which the kubelet reads as "glusterd does
 * not answer". The commands are configured as {@link Main} configures its own.
 */
class InternalErrorTest {

  /** A command that throws what it is given. */
  @Command(name = "throws")
  static final class Throwing implements Callable<Integer> {
    private final Throwable t;

    Throwing(Throwable t) {
      this.t = t;
    }

    @Override
    public Integer call() throws Exception {
      if (t instanceof Error e) {
        throw e;
      }
      throw (Exception) t;
    }
  }

  static Stream<Throwable> escapes() {
    return Stream.of(
        new OutOfMemoryError("Java heap space"),
        new StackOverflowError(),
        new IllegalStateException("a bug\nover two lines"),
        new java.io.IOException("checked"),
        new AssertionError("assert"));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void anythingThatEscapesIsOneLineAndExit70(Throwable t) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.configure(new CommandLine(new Throwing(t)));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute();

    assertThat(code).isEqualTo(ExitCodes.INTERNAL);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines().toList())
        .singleElement()
        .asString()
        .startsWith("ERROR internal error: " + t.getClass().getName())
        .hasSizeLessThan(400);
  }
}
