#!/usr/bin/env bash
# Captures the gluster CLI outputs in this directory from real glusterd (Debian 12, glusterfs-server 10.3).
#
# Run as root:   test-fixtures/capture.sh [OUTPUT_DIR]   (default: the directory this script is in)
#
# It builds three throwaway "pods" glusterfs-0..2 (network namespaces gpx-p0..gpx-p2 joined by a bridge in a
# switch namespace gpx-sw; no address ever appears in the root namespace), each with private /run,
# /var/lib/glusterd, /var/log/glusterfs, /etc/hosts, /etc/resolv.conf and a brick directory (/srv), runs
# `glusterd -N` in each, walks them through the situations below and writes one file per situation: exactly
# what the CLI printed on stdout (stderr, when not empty, goes to NAME.stderr). The index, with the command,
# the exit code and the situation of every file, is written into README.md between its capture-index markers.
#
# Not run by CI: the fixtures are committed. Re-runnable: it removes leftovers of an earlier run first and
# cleans up namespaces, mounts and processes on exit, also on failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE}"
PREFIX=${PREFIX:-gpx}
NPODS=3
SUBNET=10.77.0
# the pods, glusterd by PID, cleanup on exit, cap/peers_of/wait_until/write_index_as
# shellcheck source=lab.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lab.sh"
lab_require glusterd

# write_index: the table of captured files goes between the markers in README.md (the rest is kept);
# INDEX_TAG names the markers (capture-volumes.sh writes its own table between its own markers)
INDEX_TAG=${INDEX_TAG:-capture}
write_index() { write_index_as "$INDEX_TAG" "$INDEX_TAG.sh"; }

# ---------------------------------------------------------------- the situations

main() {
  mkdir -p "$OUT"
  setup_network
  setup_dirs
  for ((i = 0; i < NPODS; i++)); do start_glusterd "$i"; done
  log "3 glusterd up: ${GPID[*]}"
  local F0 F1 F2 F3
  F0="$(fqdn 0)" F1="$(fqdn 1)" F2="$(fqdn 2)" F3="$(fqdn 3)"

  # --- a node alone
  cap peer-status-0-peers.txt 0 "fresh node, never probed" -- peer status
  cap peer-status-0-peers.xml 0 "fresh node, never probed" -- --xml peer status
  cap pool-list-alone.txt 0 "fresh node" -- pool list
  cap pool-list-alone.xml 0 "fresh node" -- --xml pool list
  cap volume-info-no-volumes.txt 0 "no volume defined" -- volume info
  cap volume-info-no-volumes.xml 0 "no volume defined" -- --xml volume info
  cap peer-probe-localhost.txt 0 "probe of the name localhost" -- --mode=script peer probe localhost
  cap peer-probe-localhost.xml 0 "probe of the name localhost" -- --mode=script --xml peer probe localhost
  cap peer-probe-self-fqdn.txt 0 "probe of the node's own FQDN" -- --mode=script peer probe "$F0"
  cap peer-probe-self-fqdn.xml 0 "probe of the node's own FQDN" -- --mode=script --xml peer probe "$F0"
  cap peer-probe-unresolvable.txt 0 "probe of a name no resolver knows" -- --mode=script peer probe glusterfs-9.nowhere.invalid
  cap peer-probe-unresolvable.xml 0 "probe of a name no resolver knows" -- --mode=script --xml peer probe glusterfs-9.nowhere.invalid
  cap peer-probe-unreachable.txt 0 "probe of a name that resolves to an address where no host answers" -- --mode=script peer probe "$F3"
  cap peer-probe-unreachable.xml 0 "probe of a name that resolves to an address where no host answers" -- --mode=script --xml peer probe "$F3"
  cap peer-detach-not-a-peer.txt 0 "detach of a resolvable host that is not in the pool" -- --mode=script peer detach "$F1"
  cap peer-detach-not-a-peer.xml 0 "detach of a resolvable host that is not in the pool" -- --mode=script --xml peer detach "$F1"

  # --- mutating operations through --remote-host (glusterfs-1 asks glusterfs-0's glusterd over TCP)
  cap remote-host-pool-list.xml 1 "read-only query answered by another node's glusterd over TCP" -- --remote-host="$F0" --xml pool list
  cap remote-host-peer-status.xml 1 "read-only query answered by another node's glusterd over TCP" -- --remote-host="$F0" --xml peer status
  cap remote-host-peer-probe.txt 1 "mutating op sent to another node's glusterd (glusterfs-0 would probe glusterfs-1)" -- --remote-host="$F0" --mode=script peer probe "$F1"
  cap remote-host-peer-probe.xml 1 "mutating op sent to another node's glusterd (glusterfs-0 would probe glusterfs-1)" -- --remote-host="$F0" --mode=script --xml peer probe "$F1"
  log "glusterfs-0's log after the remote probe: $(tail -n 4 "$WORK/p0/log/glusterd.log")"
  cap remote-host-after-probe-peer-status.txt 0 "glusterfs-0's own view after the remote probe attempts" -- peer status

  # --- forming the pool
  if [[ $(peers_of 0 | grep -c .) -eq 0 ]]; then
    cap peer-probe-success.txt 0 "probe of a fresh node" -- --mode=script peer probe "$F1"
  fi
  wait_until 0 1 3 1
  cap peer-probe-already-in-pool.txt 0 "probe of a host that is already a peer" -- --mode=script peer probe "$F1"
  cap peer-probe-already-in-pool.xml 0 "probe of a host that is already a peer" -- --mode=script --xml peer probe "$F1"

  # --- handshake under way: glusterfs-2 is stopped (SIGSTOP) while glusterfs-0 probes it
  kill -STOP "${GPID[2]}"
  cap timeout-peer-status.txt 2 "glusterd stopped with SIGSTOP, --timeout=3" -- --timeout=3 peer status
  cap timeout-peer-status.xml 2 "glusterd stopped with SIGSTOP, --timeout=3" -- --timeout=3 --xml peer status
  pod_argv 0 gluster --mode=script --xml --timeout=20 peer probe "$F2"
  "${POD_ARGV[@]}" >"$OUT/peer-probe-success.xml" 2>"$OUT/peer-probe-success.xml.stderr" </dev/null &
  local probe_pid=$!
  sleep 2
  cap peer-status-handshake.txt 0 "a probe of glusterfs-2 is under way (its glusterd SIGSTOPped): the new peer has no UUID yet" -- peer status
  cap peer-status-handshake.xml 0 "a probe of glusterfs-2 is under way (its glusterd SIGSTOPped): the new peer has no UUID yet" -- --xml peer status
  cap pool-list-handshake.txt 0 "a probe of glusterfs-2 is under way (its glusterd SIGSTOPped)" -- pool list
  cap pool-list-handshake.xml 0 "a probe of glusterfs-2 is under way (its glusterd SIGSTOPped)" -- --xml pool list
  kill -CONT "${GPID[2]}"
  local probe_rc=0
  wait "$probe_pid" || probe_rc=$?
  [[ -s "$OUT/peer-probe-success.xml.stderr" ]] || rm -f "$OUT/peer-probe-success.xml.stderr"
  log "probe of glusterfs-2 while stopped (exit $probe_rc): $(tr '\n' ' ' <"$OUT/peer-probe-success.xml")"
  index_row peer-probe-success.xml "glusterfs-0\$ gluster --mode=script --xml --timeout=20 peer probe $F2" "$probe_rc" \
    "probe of a node whose glusterd was SIGSTOPped for the first 2 s of the probe"
  wait_until 0 2 3 1 || pod 0 gluster --mode=script peer probe "$F2" || true
  wait_until 0 2 3 1
  wait_until 1 2 3 1
  wait_until 2 2 3 1

  # --- a healthy pool of three
  cap peer-status-2-peers.txt 0 "pool of 3, all healthy" -- peer status
  cap peer-status-2-peers.xml 0 "pool of 3, all healthy" -- --xml peer status
  cap peer-status-2-peers-node1.txt 1 "pool of 3, all healthy, as the node probed first sees it" -- peer status
  cap pool-list-3.txt 0 "pool of 3, all healthy" -- pool list
  cap pool-list-3.xml 0 "pool of 3, all healthy" -- --xml pool list
  cap remote-host-pool-list-3.xml 2 "pool of 3 read from another node (glusterfs-0 answers)" -- --remote-host="$F0" --xml pool list

  # --- a mutating detach through --remote-host: glusterfs-2 asks glusterfs-0 to detach glusterfs-2
  cap remote-host-peer-detach.txt 2 "mutating op sent to another node's glusterd (glusterfs-0 would detach glusterfs-2)" -- --remote-host="$F0" --mode=script peer detach "$F2"
  cap remote-host-peer-detach.xml 2 "mutating op sent to another node's glusterd (glusterfs-0 would detach glusterfs-2)" -- --remote-host="$F0" --mode=script --xml peer detach "$F2"
  log "glusterfs-0's log after the remote detach: $(tail -n 4 "$WORK/p0/log/glusterd.log")"
  sleep 1
  if [[ $(peers_of 0 | grep -c .) -ne 2 ]]; then
    log "remote detach took effect; probing glusterfs-2 again"
    sleep 2
    pod 0 gluster --mode=script peer probe "$F2" || true
  fi
  wait_until 0 2 3 1

  # --- a second name: glusterfs-0 probes glusterfs-1 again by upper-case FQDN and by short name
  local F1UP
  F1UP="$(tr '[:lower:]' '[:upper:]' <<<"$F1")"
  cap peer-probe-second-name-upper.txt 0 "probe of an existing peer by its FQDN in upper case" -- --mode=script peer probe "$F1UP"
  cap peer-probe-second-name-short.xml 0 "probe of an existing peer by its short name" -- --mode=script --xml peer probe glusterfs-1
  sleep 2
  cap peer-status-other-names.txt 0 "glusterfs-1 probed by FQDN, upper-case FQDN and short name" -- peer status
  cap peer-status-other-names.xml 0 "glusterfs-1 probed by FQDN, upper-case FQDN and short name" -- --xml peer status
  cap peer-status-other-names-node2.txt 2 "the other names seen from a third node" -- peer status
  cap peer-status-other-names-node2.xml 2 "the other names seen from a third node" -- --xml peer status
  cap pool-list-other-names.txt 0 "glusterfs-1 known by three names" -- pool list
  cap pool-list-other-names.xml 0 "glusterfs-1 known by three names" -- --xml pool list

  # --- a replica-3 volume (never started) gives every peer a brick
  pod 0 gluster --mode=script volume create v1 replica 3 "$F0:/srv/b" "$F1:/srv/b" "$F2:/srv/b" force >&2
  cap volume-info-replica3.txt 0 "one replica-3 volume, created, not started" -- volume info
  cap volume-info-replica3.xml 0 "one replica-3 volume, created, not started" -- --xml volume info
  cap peer-detach-brick-host.txt 0 "detach of a peer that hosts a brick" -- --mode=script peer detach "$F1"
  cap peer-detach-brick-host.xml 0 "detach of a peer that hosts a brick" -- --mode=script --xml peer detach "$F1"
  cap peer-detach-brick-host-force.xml 0 "detach force of a peer that hosts a brick" -- --mode=script --xml peer detach "$F1" force

  # --- glusterfs-2's glusterd stopped
  stop_glusterd 2
  sleep 1
  cap peer-status-disconnected.txt 0 "glusterfs-2's glusterd stopped (killed with SIGTERM)" -- peer status
  cap peer-status-disconnected.xml 0 "glusterfs-2's glusterd stopped (killed with SIGTERM)" -- --xml peer status
  cap pool-list-disconnected.txt 0 "glusterfs-2's glusterd stopped" -- pool list
  cap pool-list-disconnected.xml 0 "glusterfs-2's glusterd stopped" -- --xml pool list
  cap connection-failed-peer-status.txt 2 "the local glusterd is not running" -- peer status
  cap connection-failed-peer-status.xml 2 "the local glusterd is not running" -- --xml peer status
  cap connection-failed-peer-probe.xml 2 "the local glusterd is not running" -- --mode=script --xml peer probe "$F0"

  # --- Peer Rejected by configuration drift (R1): change a volume option on glusterfs-2 without its version
  local info="$WORK/p2/lib/vols/v1/info"
  if grep -q '^performance.client-io-threads=' "$info"; then
    sed -i 's/^performance.client-io-threads=.*/performance.client-io-threads=on/' "$info"
  else
    echo "performance.client-io-threads=on" >>"$info"
  fi
  start_glusterd 2
  wait_until 0 2 '[36]' 1 || true
  local n
  for ((n = 0; n < 60; n++)); do peers_of 0 | grep -q ' 6 1$' && break; sleep 0.5; done
  sleep 2
  cap peer-status-rejected.txt 0 "glusterfs-2 rejected: its copy of volume v1 drifted (R1)" -- peer status
  cap peer-status-rejected.xml 0 "glusterfs-2 rejected: its copy of volume v1 drifted (R1)" -- --xml peer status
  cap peer-status-rejected-self.txt 2 "the drifted node's own view (R1)" -- peer status
  cap peer-status-rejected-self.xml 2 "the drifted node's own view (R1)" -- --xml peer status
  cap pool-list-rejected.txt 0 "glusterfs-2 rejected (R1): pool list has no state" -- pool list
  cap pool-list-rejected.xml 0 "glusterfs-2 rejected (R1)" -- --xml pool list

  # --- a handshake state left on disk: glusterfs-1's peer file for glusterfs-0 says state=5
  local u0
  u0="$(sed -n 's/^UUID=//p' "$WORK/p0/lib/glusterd.info")"
  stop_glusterd 1
  sed -i 's/^state=.*/state=5/' "$WORK/p1/lib/peers/$u0"
  start_glusterd 1
  sleep 3
  cap peer-status-sent-and-received.txt 1 "glusterfs-1 restarted with state=5 written in its peers/<uuid of glusterfs-0>" -- peer status
  cap peer-status-sent-and-received.xml 1 "glusterfs-1 restarted with state=5 written in its peers/<uuid of glusterfs-0>" -- --xml peer status
  cap pool-list-sent-and-received.xml 1 "glusterfs-1 restarted with state=5 written in its peers/<uuid of glusterfs-0>" -- --xml pool list

  write_index
  log "done: $(ls "$OUT" | wc -l) files in $OUT"
}

# Sourced by capture-volumes.sh for the pods and the helpers above; run, it captures everything below.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main
fi
