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
SW="$PREFIX-sw"
NPODS=5
SVC=glusterfs.default.svc.cluster.local
SUBNET=10.77.0
WORK=""
declare -a GPID=()

[[ $(id -u) -eq 0 ]] || { echo "capture.sh: run as root" >&2; exit 2; }
command -v glusterd >/dev/null || { echo "capture.sh: glusterd not installed" >&2; exit 2; }

log() { printf '[capture %s] %s\n' "$(date +%T)" "$*" >&2; }
fqdn() { echo "glusterfs-$1.$SVC"; }

is_glusterd() { [[ "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" == "glusterd-N" ]]; }

cleanup() {
  set +e
  for i in "${!GPID[@]}"; do
    local p="${GPID[$i]}"
    if [[ -n "$p" ]] && is_glusterd "$p"; then
      kill -CONT "$p" 2>/dev/null
      kill "$p" 2>/dev/null
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.3; done
      kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
    fi
  done
  for ((i = 0; i < NPODS; i++)); do ip netns del "$PREFIX-p$i" 2>/dev/null; done
  ip netns del "$SW" 2>/dev/null
  # The pods' mounts live in private mount namespaces that die with their processes; nothing to unmount here.
  [[ -n "$WORK" && -d "$WORK" ]] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the pods

setup_network() {
  for ((i = 0; i < NPODS; i++)); do ip netns del "$PREFIX-p$i" 2>/dev/null || true; done
  ip netns del "$SW" 2>/dev/null || true
  ip netns add "$SW"
  ip -n "$SW" link add br0 type bridge
  ip -n "$SW" link set br0 up
  ip -n "$SW" link set lo up
  for ((i = 0; i < NPODS; i++)); do
    local ns="$PREFIX-p$i"
    ip netns add "$ns"
    # the veth pair is created inside the switch namespace; one end moves into the pod
    ip -n "$SW" link add "v$i" type veth peer name eth0 netns "$ns"
    ip -n "$SW" link set "v$i" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$SUBNET.1$i/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
}

setup_dirs() {
  WORK="$(mktemp -d "/tmp/$PREFIX.XXXXXX")"
  for ((i = 0; i < NPODS; i++)); do
    local d="$WORK/p$i"
    mkdir -p "$d/run" "$d/lib" "$d/log" "$d/srv"
    {
      echo "127.0.0.1 localhost"
      echo "::1 localhost ip6-localhost ip6-loopback"
      # glusterfs-5 resolves but nobody answers there
      for ((j = 0; j <= NPODS; j++)); do echo "$SUBNET.1$j $(fqdn "$j") glusterfs-$j"; done
    } >"$d/hosts"
    # no nameserver: names not in /etc/hosts fail at once (glibc falls back to 127.0.0.1, where nothing listens)
    echo "search default.svc.cluster.local svc.cluster.local cluster.local" >"$d/resolv.conf"
  done
}

# pod_argv N CMD...: sets POD_ARGV to the argv that runs CMD as pod N (its network, its private mounts, its
# hostname). Every process in the chain execs the next, so a background "${POD_ARGV[@]}" & has $! = CMD's PID.
POD_ARGV=()
pod_argv() {
  local i="$1"
  shift
  POD_ARGV=(ip netns exec "$PREFIX-p$i" unshare -m -u --propagation private bash -c '
    set -e
    d="$1"; h="$2"; shift 2
    mount --bind "$d/run" /run
    mount --bind "$d/lib" /var/lib/glusterd
    mount --bind "$d/log" /var/log/glusterfs
    mount --bind "$d/srv" /srv
    mount --bind "$d/hosts" /etc/hosts
    mount --bind "$d/resolv.conf" /etc/resolv.conf
    hostname "$h"
    exec "$@"' pod "$WORK/p$i" "glusterfs-$i" "$@")
}

# pod N CMD...: run CMD as pod N in the foreground
pod() {
  pod_argv "$@"
  "${POD_ARGV[@]}"
}

start_glusterd() {
  local i="$1"
  pod_argv "$i" glusterd -N
  "${POD_ARGV[@]}" >>"$WORK/glusterd-$i.out" 2>&1 &
  GPID[$i]=$!
  local n
  for ((n = 0; n < 30; n++)); do is_glusterd "${GPID[$i]}" && break; sleep 0.1; done
  is_glusterd "${GPID[$i]}" || { log "PID ${GPID[$i]} is not glusterd"; return 1; }
  for ((n = 0; n < 100; n++)); do
    if pod "$i" gluster --timeout=3 pool list >/dev/null 2>&1; then return 0; fi
    kill -0 "${GPID[$i]}" 2>/dev/null || { log "glusterd $i died"; cat "$WORK/glusterd-$i.out" >&2; return 1; }
    sleep 0.2
  done
  log "glusterd $i does not answer"
  return 1
}

stop_glusterd() {
  local i="$1" p="${GPID[$1]}"
  kill -CONT "$p" 2>/dev/null || true
  kill "$p"
  local n
  for ((n = 0; n < 50; n++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p"
  wait "$p" 2>/dev/null || true
  GPID[$i]=""
}

# ---------------------------------------------------------------- capturing

INDEX=""
index_row() { INDEX+="| \`$1\` | \`$2\` | $3 | $4 |"$'\n'; }

# cap NAME POD SITUATION -- GLUSTER-ARGS...: run `gluster ARGS` as POD; stdout to NAME, stderr to NAME.stderr
cap() {
  local name="$1" i="$2" situation="$3"
  shift 4
  local rc=0
  pod "$i" gluster "$@" >"$OUT/$name" 2>"$OUT/$name.stderr" </dev/null || rc=$?
  [[ -s "$OUT/$name.stderr" ]] || rm -f "$OUT/$name.stderr"
  index_row "$name" "glusterfs-$i\$ gluster $*" "$rc" "$situation"
  log "$name (exit $rc): $(head -c 160 "$OUT/$name" | tr '\n' ' ')"
}

# the peers as pod I sees them: "uuid state connected" lines from the XML
peers_of() {
  pod "$1" gluster --timeout=5 --xml peer status 2>/dev/null | tr -d ' ' |
    awk -F'[<>]' '/^<uuid>/{u=$3} /^<connected>/{c=$3} /^<state>/{print u, $3, c}'
}

# wait_until POD EXPECTED_PEERS STATE CONNECTED [SECONDS]: every peer POD lists is in STATE/CONNECTED
wait_until() {
  local i="$1" want="$2" state="$3" conn="$4" secs="${5:-60}" n lines
  for ((n = 0; n < secs * 2; n++)); do
    lines="$(peers_of "$i" || true)"
    if [[ $(grep -c . <<<"$lines") -eq $want ]] && ! grep -qv " $state $conn\$" <<<"$lines"; then return 0; fi
    sleep 0.5
  done
  log "pod $i: want $want peers in state $state/$conn, have: $lines"
  return 1
}

# write_index: the table of captured files goes between the markers in README.md (the rest is kept)
write_index() {
  local readme="$OUT/README.md" table="$WORK/index.md"
  {
    echo "<!-- BEGIN scale capture index (written by capture-scale.sh) -->"
    echo "| file | command | exit | situation |"
    echo "|---|---|---|---|"
    printf '%s' "$INDEX"
    echo "<!-- END scale capture index -->"
  } >"$table"
  if [[ -f "$readme" ]] && grep -q '^<!-- BEGIN scale capture index' "$readme"; then
    awk -v table="$table" '
      /^<!-- BEGIN scale capture index/ { while ((getline line < table) > 0) print line; skip = 1; next }
      /^<!-- END scale capture index/ { skip = 0; next }
      !skip { print }' "$readme" >"$readme.new"
    mv "$readme.new" "$readme"
  else
    cat "$table" >>"$readme"
  fi
}

# ---------------------------------------------------------------- the situations

# wait_connected VIEWER PEER_FQDN SECONDS: until VIEWER lists PEER as connected; prints the seconds it took
wait_connected() {
  local i="$1" peer="$2" secs="$3" n
  for ((n = 0; n < secs * 2; n++)); do
    if pod "$i" gluster --timeout=5 --xml peer status 2>/dev/null | tr -d ' \n' |
      grep -q "<hostname>$peer</hostname><hostnames><hostname>$peer</hostname></hostnames><connected>1</connected>"; then
      echo $((n / 2))
      return 0
    fi
    sleep 0.5
  done
  echo "never"
  return 1
}

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
  local i="$1"
  if [[ -z "$GLUSTERD_VOL" ]]; then
    start_glusterd "$i"
    return
  fi
  POD_ARGV=(ip netns exec "$PREFIX-p$i" unshare -m -u --propagation private bash -c '
    set -e
    d="$1"; h="$2"; v="$3"; shift 3
    mount --bind "$d/run" /run
    mount --bind "$d/lib" /var/lib/glusterd
    mount --bind "$d/log" /var/log/glusterfs
    mount --bind "$d/srv" /srv
    mount --bind "$d/hosts" /etc/hosts
    mount --bind "$d/resolv.conf" /etc/resolv.conf
    mount --bind "$v" /etc/glusterfs/glusterd.vol
    hostname "$h"
    exec "$@"' pod "$WORK/p$i" "glusterfs-$i" "$GLUSTERD_VOL" glusterd -N)
  "${POD_ARGV[@]}" >>"$WORK/glusterd-$i.out" 2>&1 &
  GPID[$i]=$!
  local n
  for ((n = 0; n < 100; n++)); do
    if pod "$i" gluster --timeout=3 pool list >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "glusterd $i does not answer"
  return 1
}

# wait_disconnected VIEWER PEER_FQDN SECONDS
wait_disconnected() {
  local i="$1" peer="$2" secs="$3" n
  for ((n = 0; n < secs * 2; n++)); do
    if pod "$i" gluster --timeout=5 --xml peer status 2>/dev/null | tr -d ' \n' |
      grep -q "<hostname>$peer</hostname><hostnames><hostname>$peer</hostname></hostnames><connected>0</connected>"; then
      echo $((n / 2))
      return 0
    fi
    sleep 0.5
  done
  echo "never"
  return 1
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
write_index_append() {
  local readme="$OUT/README.md" table="$WORK/index.md"
  {
    echo "<!-- BEGIN reschedule capture index (written by capture-scale.sh --reschedule) -->"
    echo "| file | command | exit | situation |"
    echo "|---|---|---|---|"
    printf '%s' "$INDEX"
    echo "<!-- END reschedule capture index -->"
  } >"$table"
  if grep -q '^<!-- BEGIN reschedule capture index' "$readme"; then
    awk -v table="$table" '
      /^<!-- BEGIN reschedule capture index/ { while ((getline line < table) > 0) print line; skip = 1; next }
      /^<!-- END reschedule capture index/ { skip = 0; next }
      !skip { print }' "$readme" >"$readme.new"
    mv "$readme.new" "$readme"
  else
    cat "$table" >>"$readme"
  fi
}

if [[ "$MODE" == reschedule ]]; then
  reschedule_main
else
  main
fi
