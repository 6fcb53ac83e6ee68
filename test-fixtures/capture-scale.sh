#!/usr/bin/env bash
# Captures glusterd 10.3's refusals that matter at scale (another pool, a detach while peers are down, force)
# and what it does with a probe of a known peer that came back at a new address. Same harness as capture.sh
# (network namespaces gps-p0..gps-p4 on a bridge in gps-sw, private /run, /var/lib/glusterd, /var/log/glusterfs,
# /etc/hosts, /etc/resolv.conf, /srv per pod), five pods; writes its own index into README.md between the
# scale-capture markers.
#
# Run as root:   test-fixtures/capture-scale.sh [OUTPUT_DIR]   (default: the directory this script is in)
#                test-fixtures/capture-scale.sh --reschedule [OUTPUT_DIR]
#                  the seed's experiment 5 (a node lost, its pod back at a new address), three ways: as glusterd
#                  comes, with net.ipv4.tcp_syn_retries=2 in the other pods' network namespaces, and with
#                  `option transport.tcp-user-timeout 10` in their glusterd.vol; prints how long the others take
#                  to list the pod connected again, and captures the two fixtures of the first way
#
# Not run by CI: the fixtures are committed. Re-runnable; cleans up namespaces and processes on exit.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
MODE=capture
if [[ "${1:-}" == "--reschedule" ]]; then
  MODE=reschedule
  shift
fi
OUT="${1:-$HERE}"
PREFIX=gps
NPODS=5
SUBNET=10.77.0
# the pods (glusterfs-5 resolves, nobody answers there), glusterd by PID, cleanup on exit, the capture helpers
# shellcheck source=lab.sh
source "$HERE/lab.sh"
lab_require glusterd

# write_index: the table of captured files goes between the scale markers in README.md (the rest is kept)
write_index() { write_index_as "scale capture" capture-scale.sh; }

# ---------------------------------------------------------------- the situations

# wait_connection VIEWER PEER_FQDN SECONDS CONNECTED: until VIEWER lists PEER with <connected>CONNECTED (1 or 0);
# prints the seconds it took, or "never"
wait_connection() {
  local i="$1" peer="$2" secs="$3" conn="$4" n
  for ((n = 0; n < secs * 2; n++)); do
    if pod "$i" gluster --timeout=5 --xml peer status 2>/dev/null | tr -d ' \n' |
      grep -q "<hostname>$peer</hostname><hostnames><hostname>$peer</hostname></hostnames><connected>$conn</connected>"; then
      echo $((n / 2))
      return 0
    fi
    sleep 0.5
  done
  echo "never"
  return 1
}

# wait_connected / wait_disconnected VIEWER PEER_FQDN SECONDS
wait_connected() { wait_connection "$1" "$2" "$3" 1; }
wait_disconnected() { wait_connection "$1" "$2" "$3" 0; }

# move_pod N LAST_OCTET: pod N gets a new address; every pod's /etc/hosts says so (rewritten in place, as the
# bind mounts keep the inode); its glusterd must be stopped first
move_pod() {
  local i="$1" octet="$2" j
  ip -n "$PREFIX-p$i" addr flush dev eth0
  ip -n "$PREFIX-p$i" addr add "$SUBNET.$octet/24" dev eth0
  for ((j = 0; j < NPODS; j++)); do
    local h="$WORK/p$j/hosts" tmp
    tmp="$(sed "s/^$SUBNET\.[0-9]* $(fqdn "$i") /$SUBNET.$octet $(fqdn "$i") /" "$h")"
    printf '%s\n' "$tmp" >"$h"
  done
}

main() {
  mkdir -p "$OUT"
  setup_network
  setup_dirs
  for ((i = 0; i < NPODS; i++)); do start_glusterd "$i"; done
  log "$NPODS glusterd up: ${GPID[*]}"
  local F0 F1 F2 F3 F4
  F0="$(fqdn 0)" F1="$(fqdn 1)" F2="$(fqdn 2)" F3="$(fqdn 3)" F4="$(fqdn 4)"

  # --- a pod that is alone probes a member of another pool: glusterd refuses it
  pod 0 gluster --mode=script peer probe "$F1" >&2
  wait_until 0 1 3 1
  cap peer-probe-another-cluster.txt 2 "glusterfs-2, alone, probes glusterfs-1, which is in a pool with glusterfs-0" -- --mode=script peer probe "$F1"
  cap peer-probe-another-cluster.xml 2 "glusterfs-2, alone, probes glusterfs-1, which is in a pool with glusterfs-0" -- --mode=script --xml peer probe "$F1"

  # --- a pool of five; two surplus members go away without being detached
  for f in "$F2" "$F3" "$F4"; do pod 0 gluster --mode=script peer probe "$f" >&2; sleep 2; done
  wait_until 0 4 3 1
  wait_until 1 4 3 1
  stop_glusterd 3
  stop_glusterd 4
  sleep 2
  cap peer-status-two-down.xml 0 "pool of 5, glusterd of glusterfs-3 and glusterfs-4 stopped" -- --xml peer status
  cap peer-detach-peer-down.txt 0 "detach of glusterfs-4 while glusterfs-3 is down too" -- --mode=script peer detach "$F4"
  cap peer-detach-peer-down.xml 0 "detach of glusterfs-4 while glusterfs-3 is down too" -- --mode=script --xml peer detach "$F4"
  cap peer-detach-force-peer-down.xml 0 "detach force of glusterfs-4 while glusterfs-3 is down too" -- --mode=script --xml peer detach "$F4" force
  sleep 1
  cap peer-status-after-force-detach-node1.xml 1 "glusterfs-1's view after glusterfs-0 detached glusterfs-4 with force" -- --xml peer status
  cap peer-detach-target-down.xml 0 "detach of glusterfs-3, down, the only peer that is down" -- --mode=script --xml peer detach "$F3"
  sleep 1
  cap peer-status-after-detaches.xml 0 "after both detaches" -- --xml peer status

  write_index
  log "done"
}

# ---------------------------------------------------------------- experiment 5: a pod back at a new address

GLUSTERD_VOL=""  # a glusterd.vol bind-mounted over /etc/glusterfs/glusterd.vol in pods 0 and 1, when set

start_glusterd_with_vol() {
  local i="$1" rc=0
  POD_GLUSTERD_VOL="$GLUSTERD_VOL"
  start_glusterd "$i" || rc=$?
  POD_GLUSTERD_VOL=""
  return "$rc"
}

# one_reschedule WAY OCTET CAPTURE: pool 0,1,2; pod 2's node goes down (link cut, glusterd frozen); once pod 0
# lists it Disconnected, pod 2 is made again at .OCTET and its glusterd starts; how long until pod 0 and pod 1
# list it connected
one_reschedule() {
  local way="$1" octet="$2" capture="$3" F0 F1 F2 p
  F0="$(fqdn 0)" F1="$(fqdn 1)" F2="$(fqdn 2)"
  for p in 0 1 2; do start_glusterd_with_vol "$p"; done
  pod 0 gluster --mode=script peer probe "$F1" >&2
  pod 0 gluster --mode=script peer probe "$F2" >&2
  wait_until 0 2 3 1
  wait_until 1 2 3 1
  wait_until 2 2 3 1
  ip -n "$SW" link set v2 down
  kill -STOP "${GPID[2]}"
  local cut down
  cut=$(date +%s)
  down=$(wait_disconnected 0 "$F2" 120)
  log "[$way] pod 2's node down: glusterfs-0 lists it Disconnected after ${down} s"
  kill -KILL "${GPID[2]}"
  wait "${GPID[2]}" 2>/dev/null || true
  GPID[2]=""
  # In a cluster the old pod address is routed to the lost node, which answers nothing: a connect to it
  # waits out the kernel's SYN retries. On this one bridge the kernel would give up at once (no ARP
  # answer), so the other pods get a neighbour entry for the old address that leads nowhere.
  for p in 0 1; do
    ip -n "$PREFIX-p$p" neigh replace "$SUBNET.12" lladdr 02:00:00:00:00:99 nud permanent dev eth0
  done
  move_pod 2 "$octet"
  ip -n "$SW" link set v2 up
  start_glusterd 2
  local back seen1 seen0
  back=$(date +%s)
  sleep 2
  if [[ "$capture" == yes ]]; then
    cap peer-status-moved-peer.xml 0 "glusterfs-2's node lost, its pod back at a new address: glusterfs-0's view" -- --xml peer status
    cap peer-status-moved-peer-self.xml 2 "glusterfs-2 back at a new address: its own view" -- --xml peer status
    cap peer-probe-moved-peer.txt 0 "probe of glusterfs-2 (known, Disconnected, its name now resolves to a new address)" -- --mode=script peer probe "$F2"
    cap peer-probe-moved-peer.xml 0 "probe of glusterfs-2 (known, Disconnected, its name now resolves to a new address)" -- --mode=script --xml peer probe "$F2"
  fi
  seen0=$(wait_connected 0 "$F2" 400)
  log "[$way] glusterfs-0 lists glusterfs-2 connected $(($(date +%s) - back)) s after its glusterd started at the new address"
  seen1=$(wait_connected 1 "$F2" 400)
  log "[$way] glusterfs-1 lists glusterfs-2 connected $(($(date +%s) - back)) s after its glusterd started"
  echo "RESULT $way: node down seen after ${down} s; back at a new address, seen connected by glusterfs-0 after $seen0 s of waiting past 2 s, glusterfs-1 $(($(date +%s) - back)) s" >&2
  for p in 0 1 2; do [[ -n "${GPID[$p]}" ]] && stop_glusterd "$p"; done
  for p in 0 1; do ip -n "$PREFIX-p$p" neigh del "$SUBNET.12" dev eth0 || true; done
  for p in 0 1 2; do rm -rf "$WORK/p$p/lib"/* "$WORK/p$p/log"/*; done
  move_pod 2 12
}

reschedule_main() {
  mkdir -p "$OUT"
  setup_network
  setup_dirs
  one_reschedule "as glusterd comes" 32 yes
  ip netns exec "$PREFIX-p0" sysctl -qw net.ipv4.tcp_syn_retries=2
  ip netns exec "$PREFIX-p1" sysctl -qw net.ipv4.tcp_syn_retries=2
  one_reschedule "tcp_syn_retries=2 in the other pods" 42 no
  ip netns exec "$PREFIX-p0" sysctl -qw net.ipv4.tcp_syn_retries=6
  ip netns exec "$PREFIX-p1" sysctl -qw net.ipv4.tcp_syn_retries=6
  GLUSTERD_VOL="$WORK/glusterd.vol"
  sed 's/^\(\s*option transport.socket.keepalive-interval.*\)$/\1\n    option transport.tcp-user-timeout 10/' \
    /etc/glusterfs/glusterd.vol >"$GLUSTERD_VOL"
  grep -q "tcp-user-timeout 10" "$GLUSTERD_VOL" || { log "could not add tcp-user-timeout"; return 1; }
  one_reschedule "transport.tcp-user-timeout 10 in glusterd.vol" 52 no
  write_index_append
}

# the reschedule fixtures get their own rows below the scale index
write_index_append() { write_index_as "reschedule capture" "capture-scale.sh --reschedule"; }

if [[ "$MODE" == reschedule ]]; then
  reschedule_main
else
  main
fi
