# shellcheck shell=bash
# The lab shared by capture.sh, capture-scale.sh and capture-heal.sh (and capture-volumes.sh, through
# capture.sh): NPODS throwaway "pods" glusterfs-0..NPODS-1 (network namespaces PREFIX-p0.. joined by a bridge in
# a switch namespace PREFIX-sw; no address ever appears in the root namespace), each with private /run,
# /var/lib/glusterd, /var/log/glusterfs, /etc/hosts, /etc/resolv.conf and a brick directory (/srv); glusterd
# started and stopped by PID; the capture helpers and the README index writer. Sourced, not run.
#
# Set before sourcing:
#   PREFIX       namespace and work-directory prefix (gpx, gps, ghx, gpv)
#   NPODS        the number of pods
#   SUBNET       the pods' /24 (first three octets); pod N is SUBNET.1N
#   OUT          where the captured files go
# Optional:
#   LAB_LOG_TAG      the tag of the log lines (default: capture)
#   LAB_UNREACHABLE  1 (default): /etc/hosts also names glusterfs-NPODS, at an address where nobody answers;
#                    0: only the pods
#   LAB_CAP_TIMES    1: cap logs how long each command took (default 0)
#
# It sets an EXIT trap that calls `cleanup` (stops the glusterd it started, by PID, deletes the lab's
# namespaces and work directory); a script that starts more may define its own cleanup after sourcing.

SW="$PREFIX-sw"
SVC=glusterfs.default.svc.cluster.local
WORK=""
declare -a GPID=()
LAB_LOG_TAG=${LAB_LOG_TAG:-capture}
LAB_UNREACHABLE=${LAB_UNREACHABLE:-1}
LAB_CAP_TIMES=${LAB_CAP_TIMES:-0}

# lab_require TOOL...: exits 2 unless run as root with every TOOL installed
lab_require() {
  local me t
  me="$(basename "$0")"
  [[ $(id -u) -eq 0 ]] || { echo "$me: run as root" >&2; exit 2; }
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "$me: $t not installed" >&2; exit 2; }
  done
}

log() { printf '[%s %s] %s\n' "$LAB_LOG_TAG" "$(date +%T)" "$*" >&2; }
fqdn() { echo "glusterfs-$1.$SVC"; }

is_glusterd() { [[ "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" == "glusterd-N" ]]; }

# lab_remove: deletes the lab's namespaces and its work directory
lab_remove() {
  local i
  for ((i = 0; i < NPODS; i++)); do ip netns del "$PREFIX-p$i" 2>/dev/null; done
  ip netns del "$SW" 2>/dev/null
  # The pods' mounts live in private mount namespaces that die with their processes; nothing to unmount here.
  [[ -n "$WORK" && -d "$WORK" ]] && rm -rf "$WORK"
}

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
  lab_remove
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
  # with LAB_UNREACHABLE=1, glusterfs-NPODS resolves but nobody answers there: the "unreachable host"
  local last=$((NPODS - 1 + LAB_UNREACHABLE))
  for ((i = 0; i < NPODS; i++)); do
    local d="$WORK/p$i"
    mkdir -p "$d/run" "$d/lib" "$d/log" "$d/srv"
    {
      echo "127.0.0.1 localhost"
      echo "::1 localhost ip6-localhost ip6-loopback"
      for ((j = 0; j <= last; j++)); do echo "$SUBNET.1$j $(fqdn "$j") glusterfs-$j"; done
    } >"$d/hosts"
    # no nameserver: names not in /etc/hosts fail at once (glibc falls back to 127.0.0.1, where nothing listens)
    echo "search default.svc.cluster.local svc.cluster.local cluster.local" >"$d/resolv.conf"
  done
}

# pod_argv N CMD...: sets POD_ARGV to the argv that runs CMD as pod N (its network, its private mounts, its
# hostname). Every process in the chain execs the next, so a background "${POD_ARGV[@]}" & has $! = CMD's PID.
# With POD_GLUSTERD_VOL set, that file is bind-mounted over /etc/glusterfs/glusterd.vol as well.
POD_ARGV=()
POD_GLUSTERD_VOL=""
pod_argv() {
  local i="$1"
  shift
  POD_ARGV=(ip netns exec "$PREFIX-p$i" unshare -m -u --propagation private bash -c '
    set -e
    d="$1"; h="$2"; v="$3"; shift 3
    mount --bind "$d/run" /run
    mount --bind "$d/lib" /var/lib/glusterd
    mount --bind "$d/log" /var/log/glusterfs
    mount --bind "$d/srv" /srv
    mount --bind "$d/hosts" /etc/hosts
    mount --bind "$d/resolv.conf" /etc/resolv.conf
    if [ -n "$v" ]; then mount --bind "$v" /etc/glusterfs/glusterd.vol; fi
    hostname "$h"
    exec "$@"' pod "$WORK/p$i" "glusterfs-$i" "$POD_GLUSTERD_VOL" "$@")
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
  local rc=0 start end took=""
  start=$(date +%s%N)
  pod "$i" gluster "$@" >"$OUT/$name" 2>"$OUT/$name.stderr" </dev/null || rc=$?
  end=$(date +%s%N)
  [[ -s "$OUT/$name.stderr" ]] || rm -f "$OUT/$name.stderr"
  index_row "$name" "glusterfs-$i\$ gluster $*" "$rc" "$situation"
  [[ "$LAB_CAP_TIMES" == 1 ]] && took=", $(((end - start) / 1000000)) ms"
  log "$name (exit $rc$took): $(head -c 160 "$OUT/$name" | tr '\n' ' ')"
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

# write_index_as TAG WRITER [COLUMN]: the table of captured files (INDEX) goes into OUT/README.md between
# "<!-- BEGIN TAG index (written by WRITER) -->" and "<!-- END TAG index -->" (the rest is kept; appended when
# the markers are not there yet). COLUMN is the second column's title (default: command).
write_index_as() {
  local tag="$1" writer="$2" column="${3:-command}" readme="$OUT/README.md" table="$WORK/index.md"
  {
    echo "<!-- BEGIN $tag index (written by $writer) -->"
    echo "| file | $column | exit | situation |"
    echo "|---|---|---|---|"
    printf '%s' "$INDEX"
    echo "<!-- END $tag index -->"
  } >"$table"
  if [[ -f "$readme" ]] && grep -q "^<!-- BEGIN $tag index" "$readme"; then
    awk -v table="$table" -v begin="^<!-- BEGIN $tag index" -v end="^<!-- END $tag index" '
      $0 ~ begin { while ((getline line < table) > 0) print line; skip = 1; next }
      $0 ~ end { skip = 0; next }
      !skip { print }' "$readme" >"$readme.new"
    mv "$readme.new" "$readme"
  else
    cat "$table" >>"$readme"
  fi
}
