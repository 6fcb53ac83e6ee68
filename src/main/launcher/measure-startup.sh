#!/bin/sh
# Measures how long `glusterctl-probe --version` takes to start with three sets of JVM flags, with hyperfine.
# Run after `./mvnw package`:  sh src/main/launcher/measure-startup.sh [runs]
#   default    java -jar                         (the JVM's own defaults: C2, G1, the JDK's CDS archive)
#   c1-serial  java + C1 only, serial GC, small stack and heap
#   launcher   target/glusterctl-probe: the above + the application's CDS archive (what the launcher runs)
# Prints a markdown table (wall time, and the CPU time that other load on the machine disturbs less);
# hyperfine's own export is left in target/startup.json.
set -eu
runs=${1:-40}
here=$(cd "$(dirname "$0")/../../.." && pwd -P)
target=$here/target
jar=$(ls "$target"/glusterctl-probe-*.jar | head -n 1)
[ -x "$target/glusterctl-probe" ] && [ -f "$target/glusterctl-probe.jsa" ] \
  || { echo "run ./mvnw package first (with the CLI's main class present)" >&2; exit 2; }
command -v hyperfine > /dev/null || { echo "hyperfine is not installed" >&2; exit 2; }

fast="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx64m"
hyperfine --shell=none --warmup 5 --runs "$runs" --style none --export-json "$target/startup.json" \
  --command-name default "java -jar $jar --version" \
  --command-name c1-serial "java $fast -jar $jar --version" \
  --command-name launcher "$target/glusterctl-probe --version" > /dev/null

echo "$(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg), $runs runs each, $(java -version 2>&1 | head -n 1)"
echo
python3 - "$target/startup.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
print("| flags | mean ± σ [ms] | median [ms] | min [ms] | user + sys CPU [ms] |")
print("|:---|---:|---:|---:|---:|")
for r in results:
    ms = [t * 1000 for t in r["times"]]
    print(f"| {r['command']} | {statistics.mean(ms):.0f} ± {statistics.stdev(ms):.0f} | "
          f"{statistics.median(ms):.0f} | {min(ms):.0f} | {(r['user'] + r['system']) * 1000:.0f} |")
PY
