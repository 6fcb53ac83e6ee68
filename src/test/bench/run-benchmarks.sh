#!/bin/sh
# Benchmarks with real glusterd in the sandbox (root; the e2e tests' packages: glusterfs-server,
# dnsmasq-base, iproute2, and hyperfine, GNU time). Builds, runs, prints markdown tables, and keeps
# them in target/bench/results-<time>.md. Never part of `./mvnw verify`.
#
#   sudo src/test/bench/run-benchmarks.sh                 everything (about an hour on 2 cores)
#   sudo src/test/bench/run-benchmarks.sh cost [RUNS]     one liveness run vs bare peer status, gluster
#                                                         calls per run, JVM launcher variants (default 20 runs)
#   sudo src/test/bench/run-benchmarks.sh convergence [REPS]
#                                                         formation, scale 3->5->3, deleted pod, full restart
#                                                         (default 3 repetitions)
#   sudo src/test/bench/run-benchmarks.sh sizes [RUNS] [SIZES...] [--slow-from N --slow-period S]
#                                    [--startup answers]  3/8/16/32 pods: formation, per-run cost (default 10 runs);
#                                                         --startup answers: a startupProbe that waits for
#                                                         `gluster pool list` instead of the manifest's TCP check
#   src/test/bench/run-benchmarks.sh simulation [cluster|sandbox] [api|dns] [SIZES...]
#                                                         the simulation (no root, no glusterd, seconds): periods
#                                                         and calls per run for 3..256 members (io.glusterctl.probe.sim)
#
# Wall-clock figures depend on what else the machine does: every table shows the load average
# (1 min, before→after) next to its figures; CPU time (user+sys) is disturbed less.
# JAVA_OPTS: options for the benchmark's own JVM (e.g. -Dglusterctl.sandbox.timescale=5).
set -eu
here=$(cd "$(dirname "$0")/../../.." && pwd -P)
cd "$here"

suite=${1:-all}
if [ "$suite" = simulation ]; then
  shift
  ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test > /dev/null || ./mvnw -q test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test > /dev/null
  mkdir -p target/bench
  out=target/bench/simulation-$(date -u +%Y%m%dT%H%M%SZ).md
  java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.glusterctl.probe.sim.SimulationBenchmark "$@" | tee "$out"
  echo "== written to $out" >&2
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "run-benchmarks.sh: needs root (network namespaces, mounts)" >&2
  exit 2
fi
for tool in glusterd gluster dnsmasq ip unshare java hyperfine /usr/bin/time; do
  command -v "$tool" > /dev/null 2>&1 || { echo "run-benchmarks.sh: missing $tool" >&2; exit 2; }
done

suite=${1:-all}
[ "$#" -eq 0 ] || shift
case $suite in
  all|cost|convergence|sizes) ;;
  *) echo "usage: run-benchmarks.sh [all|cost|convergence|sizes|simulation] [ARGS...]" >&2; exit 2 ;;
esac

echo "== building (./mvnw -q -o package -DskipTests)" >&2
./mvnw -q -o package -DskipTests || ./mvnw -q package -DskipTests

mkdir -p target/bench
out=target/bench/results-$(date -u +%Y%m%dT%H%M%SZ).md
run() { # run MAIN-CLASS ARGS...: one benchmark; its markdown printed and appended to $out
  main=$1
  shift
  echo "== $main $*" >&2
  tables=$(mktemp "${TMPDIR:-/tmp}/gct-bench-XXXXXX")
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
  if ! java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:target/lib/*" -Dglusterctl.repo.dir="$here" \
    "io.glusterctl.probe.bench.$main" "$@" > "$tables"; then
    cat "$tables"
    rm -f "$tables"
    echo "run-benchmarks.sh: $main failed" >&2
    exit 1
  fi
  printf '%s\n\n' "$(cat "$tables")" | tee -a "$out"
  rm -f "$tables"
}

case $suite in
  cost) run ProbeCostBenchmark "$@" ;;
  convergence) run ConvergenceBenchmark "$@" ;;
  sizes) run PoolSizeBenchmark "$@" ;;
  all)
    run ProbeCostBenchmark
    run ConvergenceBenchmark
    run PoolSizeBenchmark
    ;;
esac
echo "== written to $out" >&2
