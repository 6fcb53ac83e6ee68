#!/usr/bin/env bash
# The glusterctl-probe demo: a Kubernetes StatefulSet of real glusterd pods, simulated on this
# machine with network namespaces (no Kubernetes, no container engine). The pool forms, scales
# 3 -> 5 -> 3, and a deleted pod comes back; `glusterctl-probe status` is shown at each step.
#
#   sudo ./demo.sh             run the demo
#   sudo ./demo.sh --install   first install what it needs (Debian/Ubuntu: glusterfs-server,
#                              tini, dnsmasq-base, iproute2, a JDK 17) with apt-get, then run it
#
# Needs: root (it makes network namespaces and mounts), glusterd and the gluster CLI 10.x, dnsmasq,
# ip and unshare, Java 17. Everything it makes is named gsb<4 hex> and removed at the end; nothing
# is sent outside this machine (the pod network exists only inside the namespaces it creates).
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(id -u)" -ne 0 ]; then
  echo "demo.sh: needs root (network namespaces, mounts): sudo ./demo.sh [--install]" >&2
  exit 1
fi

if [ "${1:-}" = "--install" ]; then
  shift
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y glusterfs-server tini dnsmasq-base iproute2 util-linux \
    procps openjdk-17-jdk-headless unzip curl ca-certificates
fi

missing=()
for tool in glusterd gluster dnsmasq ip unshare nsenter setsid tini java; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -ne 0 ]; then
  echo "demo.sh: missing: ${missing[*]}; run: sudo ./demo.sh --install" >&2
  exit 1
fi

echo "== building (./mvnw -q package -DskipTests)"
./mvnw -q package -DskipTests

exec java -cp "target/test-classes:target/classes:target/lib/*" \
  -Dglusterctl.repo.dir="$PWD" \
  io.glusterctl.probe.e2e.sandbox.Demo "$@"
