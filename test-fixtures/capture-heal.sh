#!/usr/bin/env bash
# Captures the heal and volume-store fixtures in this directory from real glusterd (Debian 12,
# glusterfs-server 10.3, glusterfs-client for the FUSE mount, tini).
#
# Run as root:   test-fixtures/capture-heal.sh [OUTPUT_DIR]   (default: the directory this script is in)
#
# Three throwaway "pods" glusterfs-0..2 (network namespaces ghx-p0..ghx-p2 joined by a bridge in a switch
# namespace ghx-sw; no address ever appears in the root namespace), each with private /run, /var/lib/glusterd,
# /var/log/glusterfs, /etc/hosts and a brick directory (/srv), run `tini -s -- glusterd -N` (tini reaps the
# brick processes glusterd daemonizes, so that a killed brick can be started again). A replica-3 volume v1 with
# one brick per pod (/srv/v1) goes through: created, started, a brick killed while a FUSE client (in pod 0's
# network namespace, a mount namespace of its own) writes, the brick started again with the self-heal daemon
# off (entries stay pending), healed, stopped. One file per situation: exactly what the CLI printed on stdout
# (stderr, when not empty, in NAME.stderr), or a copy of glusterd's store file. The index is written into
# README.md between its heal-capture-index markers; how long each heal query took is logged.
#
# Not run by CI: the fixtures are committed. Cleans up namespaces, mounts and processes (by PID) on exit,
# also on failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE}"
PREFIX=ghx
NPODS=3
SUBNET=10.78.0
LAB_LOG_TAG=capture-heal LAB_UNREACHABLE=0 LAB_CAP_TIMES=1
# the pods, the capture helpers (cap logs how long each command took), cleanup on exit (redefined below)
# shellcheck source=lab.sh
source "$HERE/lab.sh"
lab_require glusterd tini mount.glusterfs

# Every process of the pods' and the client's network namespaces, by PID (glusterd, tini, bricks, the
# self-heal daemon, the FUSE client): all of them were started by this script.
kill_namespace_processes() {
  local ns p
  for ns in "$@"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  done
}

# replaces lab.sh's cleanup (which stops only glusterd): the EXIT trap calls this one
cleanup() {
  set +e
  local ns=()
  for ((i = 0; i < NPODS; i++)); do ns+=("$PREFIX-p$i"); done
  kill_namespace_processes "${ns[@]}"
  sleep 0.5
  # The pods' and the client's mounts live in private mount namespaces that die with their processes.
  lab_remove
}

# replaces lab.sh's start_glusterd: tini reaps the brick processes glusterd daemonizes; GPID holds tini's PID
start_glusterd() {
  local i="$1" n
  pod_argv "$i" tini -s -- glusterd -N
  "${POD_ARGV[@]}" >>"$WORK/glusterd-$i.out" 2>&1 &
  GPID[$i]=$!
  for ((n = 0; n < 300; n++)); do
    if pod "$i" gluster --timeout=3 pool list >/dev/null 2>&1; then return 0; fi
    kill -0 "${GPID[$i]}" 2>/dev/null || { log "glusterd $i died"; cat "$WORK/glusterd-$i.out" >&2; return 1; }
    sleep 0.5
  done
  log "glusterd $i does not answer"
  return 1
}

# store NAME POD FILE SITUATION: a copy of glusterd's store file FILE (relative to /var/lib/glusterd) of POD
store() {
  local name="$1" i="$2" file="$3" situation="$4"
  cp "$WORK/p$i/lib/$file" "$OUT/$name"
  index_row "$name" "glusterfs-$i:/var/lib/glusterd/$file" "-" "$situation"
  log "$name: copy of $file"
}

# The PID of pod I's brick of v1, from the pid file glusterd wrote under its /run (the pods share the
# machine's PID namespace here).
brick_pid() {
  local f
  f=$(find "$WORK/p$1/run/gluster/vols/v1" -name '*.pid' | head -n 1)
  cat "$f"
}

# The client writes FILES files of known content through a FUSE mount in pod 0's network namespace, in a
# mount namespace of its own (with pod 0's /etc/hosts, its log in $WORK/client-log), then unmounts.
client_writes() {
  local prefix="$1" files="$2"
  mkdir -p "$WORK/client-log"
  ip netns exec "$PREFIX-p0" unshare -m --propagation private bash -c '
    set -e
    mnt="$1"; server="$2"; prefix="$3"; n="$4"
    mount --bind "$6/p0/hosts" /etc/hosts
    mount --bind "$6/client-log" /var/log/glusterfs
    mount -t glusterfs -o backup-volfile-servers="$5" "$server:/v1" "$mnt"
    mkdir -p "$mnt/$prefix"
    for ((k = 0; k < n; k++)); do echo "$prefix file $k" >"$mnt/$prefix/f$k"; done
    sync
    umount "$mnt"' client "$WORK/mnt" "$(fqdn 0)" "$prefix" "$files" "$(fqdn 1):$(fqdn 2)" "$WORK"
}

pending_total() {
  pod 0 gluster --xml volume heal v1 info summary 2>/dev/null |
    sed -n 's:.*<totalNumberOfEntries>\([0-9]*\)</totalNumberOfEntries>.*:\1:p' | paste -sd+ | bc
}

write_index() { write_index_as "heal capture" capture-heal.sh "command or store file"; }

main() {
  mkdir -p "$OUT"
  setup_network
  setup_dirs
  mkdir -p "$WORK/mnt"
  for ((i = 0; i < NPODS; i++)); do start_glusterd "$i"; done
  log "3 glusterd up (tini PIDs ${GPID[*]})"
  local F0 F1 F2
  F0="$(fqdn 0)" F1="$(fqdn 1)" F2="$(fqdn 2)"
  pod 0 gluster --mode=script peer probe "$F1" >&2
  pod 0 gluster --mode=script peer probe "$F2" >&2
  sleep 5

  cap heal-summary-no-volume.xml 0 "no volume v1" -- --xml volume heal v1 info summary

  pod 0 gluster --mode=script volume create v1 replica 3 "$F0:/srv/v1" "$F1:/srv/v1" "$F2:/srv/v1" force >&2
  sleep 2
  cap heal-summary-not-started.xml 0 "v1 created, not started" -- --xml volume heal v1 info summary
  store store-vol-info-created.txt 1 vols/v1/info "v1 created, not started, as glusterfs-1 stores it"

  pod 0 gluster --mode=script volume start v1 >&2
  sleep 5
  cap heal-summary-healthy.xml 0 "v1 started, every brick up, nothing to heal" -- --xml volume heal v1 info summary
  cap heal-summary-healthy-node2.xml 2 "the same, asked on glusterfs-2" -- --xml volume heal v1 info summary
  store store-vol-info-started.txt 1 vols/v1/info "v1 started, as glusterfs-1 stores it"
  store store-brick-node0.txt 1 "vols/v1/bricks/$F0:-srv-v1" "glusterfs-0's brick of v1, as glusterfs-1 stores it"
  store store-brick-node1.txt 1 "vols/v1/bricks/$F1:-srv-v1" "glusterfs-1's own brick of v1"

  # a brick down: glusterfs-1's brick killed, the self-heal daemon off, the client writes
  pod 0 gluster --mode=script volume set v1 cluster.self-heal-daemon off >&2
  local victim
  victim="$(brick_pid 1)"
  [[ "$(tr '\0' ' ' </proc/"$victim"/cmdline)" == *glusterfsd*srv-v1* ]] || { log "pid $victim is not the brick"; return 1; }
  log "SIGKILL to glusterfs-1's brick (pid $victim)"
  kill -KILL "$victim"
  sleep 2
  client_writes brick-down 20
  cap heal-summary-brick-down.xml 0 "glusterfs-1's brick killed, 20 files and a directory written since" -- --xml volume heal v1 info summary
  cap volume-status-brick-down.xml 0 "glusterfs-1's brick killed" -- --xml volume status v1

  pod 1 gluster --mode=script volume start v1 force >&2
  sleep 5
  cap heal-summary-pending.xml 0 "glusterfs-1's brick back, self-heal daemon off: entries pending on the other two" -- --xml volume heal v1 info summary
  cap heal-summary-pending-node1.xml 1 "the same, asked on glusterfs-1 (whose brick needs the heal)" -- --xml volume heal v1 info summary

  pod 0 gluster --mode=script volume set v1 cluster.self-heal-daemon on >&2
  pod 0 gluster --mode=script volume heal v1 >&2 || true
  local n total
  for ((n = 0; n < 60; n++)); do
    total="$(pending_total)"
    log "pending entries: $total"
    [[ "$total" == 0 ]] && break
    sleep 2
  done
  cap heal-summary-healed.xml 0 "after the heal" -- --xml volume heal v1 info summary

  pod 0 gluster --mode=script volume stop v1 >&2
  cap heal-summary-stopped.xml 0 "v1 stopped" -- --xml volume heal v1 info summary
  store store-vol-info-stopped.txt 1 vols/v1/info "v1 stopped, as glusterfs-1 stores it"

  write_index
  log "done"
}

main
