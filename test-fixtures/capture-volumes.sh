#!/usr/bin/env bash
# Captures what `status` reads about volumes, from real glusterd (Debian 12, glusterfs-server 10.3): brick
# processes (`volume status`) and pending heals (`volume heal VOL info summary`), with every brick online
# and with one brick killed while a client wrote files.
#
# Run as root:   test-fixtures/capture-volumes.sh [OUTPUT_DIR]   (default: the directory this script is in)
#
# The pods, the network and the helpers are capture.sh's (sourced; namespaces gpv-*). A FUSE client mounts
# the volume inside pod 0's private mount namespace for one command (mount, write, unmount). The index goes
# into README.md between its capture-volumes markers. Not run by CI: the fixtures are committed. Cleans up
# namespaces, brick processes (by the PIDs in their pid files) and glusterd (by PID), also on failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX=gpv INDEX_TAG=capture-volumes
# shellcheck source=capture.sh
source "$HERE/capture.sh"
OUT="${1:-$HERE}"

# brick_pids N: the PIDs in pod N's brick and self-heal pid files that are still gluster processes
brick_pids() {
  local f p
  while IFS= read -r f; do
    p="$(tr -dc 0-9 <"$f")"
    [[ -n "$p" ]] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q '^/usr/sbin/gluster\|^glusterfs' && echo "$p"
  done < <(find "$WORK/p$1/run" "$WORK/p$1/lib" -name '*.pid' 2>/dev/null)
  return 0
}

cleanup_volumes() {
  set +e
  [[ -n "$WORK" && -d "$WORK" ]] || return 0
  for ((i = 0; i < NPODS; i++)); do
    for p in $(brick_pids "$i"); do kill -KILL "$p" 2>/dev/null; done
  done
  cleanup
}
trap cleanup_volumes EXIT

wait_bricks_online() {
  local want="$1" n
  for ((n = 0; n < 60; n++)); do
    [[ $(pod 0 gluster --timeout=5 --xml volume status v1 2>/dev/null | grep -c '<status>1</status>') -ge $want ]] && return 0
    sleep 0.5
  done
  log "bricks not online"
  return 1
}

main_volumes() {
  mkdir -p "$OUT"
  setup_network
  setup_dirs
  for ((i = 0; i < NPODS; i++)); do start_glusterd "$i"; done
  local F0 F1 F2
  F0="$(fqdn 0)" F1="$(fqdn 1)" F2="$(fqdn 2)"
  cap volume-status-no-volumes.xml 0 "no volume defined" -- --xml volume status all
  pod 0 gluster --mode=script peer probe "$F1" >&2
  pod 0 gluster --mode=script peer probe "$F2" >&2
  wait_until 0 2 3 1

  pod 0 gluster --mode=script volume create v1 replica 3 "$F0:/srv/b" "$F1:/srv/b" "$F2:/srv/b" force >&2
  cap volume-status-not-started.xml 0 "one replica-3 volume, created, not started" -- --xml volume status all
  pod 0 gluster --mode=script volume start v1 >&2
  wait_bricks_online 3
  sleep 2
  cap volume-status-replica3.xml 0 "replica-3 volume started, every brick online" -- --xml volume status all
  cap heal-info-summary-healthy.xml 0 "replica-3 volume started, every brick online, nothing to heal" -- --xml volume heal v1 info summary

  # glusterfs-2's brick killed, then a client writes five files: bricks 0 and 1 hold heals for brick 2
  local p
  for p in $(brick_pids 2); do
    if tr '\0' ' ' <"/proc/$p/cmdline" | grep -q glusterfsd; then kill -KILL "$p"; fi
  done
  sleep 3
  mkdir -p "$WORK/p0/mnt"
  pod 0 bash -c 'mount -t glusterfs "$1:/v1" "$2" && for i in 1 2 3 4 5; do echo "$i" >"$2/file-$i"; done; umount "$2"' \
    client "$F0" "$WORK/p0/mnt" >&2
  sleep 2
  cap volume-status-all-brick-down.xml 0 "glusterfs-2's brick killed (SIGKILL)" -- --xml volume status all
  cap heal-info-summary-brick-down.xml 0 "glusterfs-2's brick killed, then 5 files written through a client" -- --xml volume heal v1 info summary

  write_index
  log "done"
}

main_volumes
