#!/bin/sh
# Measures how long `glusterctl-probe --version` takes to start with three sets of JVM flags, with hyperfine.
# Run after `./mvnw package`:  sh src/main/launcher/measure-startup.sh [runs]
#   default   java -jar                                 (the JVM's own defaults: C2, G1, the JDK's CDS archive)
#   c1-serial java + C1 only, serial GC, small stack/heap
#   launcher  target/glusterctl-probe: the above + the application's CDS archive (what the launcher does)
# Results: target/startup.md (markdown table) and target/startup.json.
set -eu
runs=${1:-40}
here=$(cd "$(dirname "$0")/../../.." && pwd -P)
target=$here/target
jar=$(ls "$target"/glusterctl-probe-*.jar | head -n 1)
[ -x "$target/glusterctl-probe" ] || { echo "run ./mvnw package first" >&2; exit 2; }
command -v hyperfine > /dev/null || { echo "hyperfine is not installed" >&2; exit 2; }

fast="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx64m"
hyperfine --shell=none --warmup 5 --runs "$runs" \
  --export-markdown "$target/startup.md" --export-json "$target/startup.json" \
  --command-name default "java -jar $jar --version" \
  --command-name c1-serial "java $fast -jar $jar --version" \
  --command-name launcher "$target/glusterctl-probe --version"
