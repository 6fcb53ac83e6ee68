package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several commands measured in one pod, in the same stretch of time: hyperfine for the wall time
 * (each command's runs in a row, after warm-up runs), then {@code /usr/bin/time -v} for CPU time
 * and peak RSS with the commands interleaved (A B A B ...), so that a change of load on the machine
 * touches them alike.
 *
 * @param pod which pod
 * @param wall hyperfine's wall time per command name
 * @param costs the {@code /usr/bin/time -v} runs per command name
 * @param load the load average before and after
 */
public record CommandCosts(
    String pod,
    Map<String, InPod.Timing> wall,
    Map<String, List<ProcessCost>> costs,
    LoadAverage load) {

  public static CommandCosts measure(Pod pod, int runs, Map<String, String> commands) {
    double before = LoadAverage.now();
    Map<String, InPod.Timing> wall = new LinkedHashMap<>();
    for (InPod.Timing t : InPod.hyperfine(pod, 3, runs, commands)) {
      wall.put(t.name(), t);
    }
    Map<String, List<ProcessCost>> costs = new LinkedHashMap<>();
    commands.keySet().forEach(n -> costs.put(n, new ArrayList<>()));
    for (int i = 0; i < runs; i++) {
      for (Map.Entry<String, String> c : commands.entrySet()) {
        costs
            .get(c.getKey())
            .add(InPod.time(pod, Duration.ofSeconds(60), List.of(c.getValue().split(" "))));
      }
    }
    return new CommandCosts(pod.name(), wall, costs, LoadAverage.between(before));
  }

  public Spread wall(String name) {
    return wall.get(name).wall();
  }

  public Spread cpu(String name) {
    return Spread.of(costs.get(name).stream().map(ProcessCost::cpuMillis).toList());
  }

  public Spread rssMb(String name) {
    return Spread.of(costs.get(name).stream().map(ProcessCost::maxRssMb).toList());
  }

  /** Runs that exited non-zero, in hyperfine and under time. */
  public int failed(String name) {
    return wall.get(name).failed()
        + (int) costs.get(name).stream().filter(c -> c.exitCode() != 0).count();
  }
}
