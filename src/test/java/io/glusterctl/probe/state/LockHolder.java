package io.glusterctl.probe.state;

import io.glusterctl.probe.exec.Time;
import java.nio.file.Path;
import java.time.Duration;

/** A second JVM for the lock tests: takes the lock, says so, and holds it until killed. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    LockAttempt a =
        new StateStore(Path.of(args[0]), Time.SYSTEM).lock(Duration.ofSeconds(10), "lock-holder");
    if (a instanceof LockAttempt.Acquired acquired) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
      acquired.session().close();
    } else {
      System.out.println("not locked: " + a);
    }
  }
}
