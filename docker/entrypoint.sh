#!/bin/sh
# The gluster container's start and stop. The image runs it under an init, tini, as PID 1
# (ENTRYPOINT ["/usr/bin/tini", "-s", "--", "/usr/local/bin/entrypoint.sh"]): the bricks
# (glusterfsd) and the self-heal daemon daemonize and are re-parented to PID 1, which must reap
# them; glusterd treats a brick whose PID still exists as running, so a crashed brick left a
# zombie would never be started again.
#
# Start: prepare with glusterctl-probe (carry out a repair an earlier run asked for), then run
# glusterd in the foreground (-N) as this script's child. A failing or hanging prestart must not
# keep glusterd from starting: it is logged and the start goes on. Extra arguments are passed to
# glusterd.
#
# Logs: glusterd, the bricks and the self-heal daemon keep writing their files under
# /var/log/glusterfs; each file is also copied to stderr, the container log that `kubectl logs`
# shows: a file there at the start from its end, a file that appears later (a brick's, when a
# volume is started) from its beginning.
#
# Stop: tini forwards the runtime's SIGTERM to this script, which stops the bricks and the
# self-heal daemon first (SIGTERM to each PID glusterd recorded under /run/gluster, waiting up to
# GLUSTERCTL_BRICK_STOP_TIMEOUT seconds for them to exit), then glusterd. A brick that gets SIGTERM
# shuts down cleanly and signs out of glusterd's port map (which needs glusterd still running), so
# a routine restart does not look like a crash; the runtime's SIGKILL at the end of the grace
# period is then left with nothing to kill. When glusterd exits on its own (crash, kill), the
# bricks are stopped the same way and the container exits with glusterd's status, so that the
# kubelet restarts it.
set -u

prestart_timeout=${GLUSTERCTL_PRESTART_TIMEOUT:-60}
brick_stop_timeout=${GLUSTERCTL_BRICK_STOP_TIMEOUT:-10}
log_dir=/var/log/glusterfs
pid_dir=/run/gluster

say() { echo "entrypoint: $*" >&2; }

# /var/lib/glusterd is a volume that starts empty: give it the package's own files (hooks/, groups/),
# kept in the image at build time. Never overwrites anything (cp -n), never on a pod with state.
dist=/usr/local/share/glusterctl-probe/glusterd-dist
if [ -d "$dist" ] && [ ! -e /var/lib/glusterd/glusterd.info ]; then
  cp -an "$dist/." /var/lib/glusterd/ 2>/dev/null || say "could not seed /var/lib/glusterd from $dist"
fi

# The probe's state directory is the volume's `probe` subPath, which the kubelet makes with the mode of
# the volume's root: 0777 on a local-path-provisioner volume. glusterctl-probe refuses a state directory
# that others may write to (anyone who can write there can ask for a repair) and never changes the mode
# of one it did not make; this image knows the directory is its own, so it takes others' write permission
# away. Only the image's own path, never a GLUSTERCTL_STATE_DIR set to somewhere else.
state=/var/lib/glusterctl-probe
if [ "${GLUSTERCTL_STATE_DIR:-$state}" = "$state" ] && [ -d "$state" ] && [ ! -L "$state" ]; then
  chmod o-w "$state" || echo "entrypoint: could not take others' write permission from $state" >&2
fi

# prestart's own deadline is what the timeout gives it, less 5 s to say how far it got: a repair's
# backup and clear stop cleanly between two files at the deadline (the backup left as .partial,
# nothing cleared), and the probes' deadline (GLUSTERCTL_DEADLINE, 20 s) is too short for the backup
# of a glusterd directory of some thousands of files (many volumes) on a busy node.
prestart_deadline=$((prestart_timeout > 10 ? prestart_timeout - 5 : prestart_timeout))
rc=0
if command -v timeout >/dev/null 2>&1; then
  timeout -k 5 "$prestart_timeout" glusterctl-probe prestart --deadline "${prestart_deadline}s" || rc=$?
else
  glusterctl-probe prestart --deadline "${prestart_deadline}s" || rc=$?
fi
if [ "$rc" -ne 0 ]; then
  say "glusterctl-probe prestart failed (exit $rc); starting glusterd anyway"
fi

# ---- logs to stderr

followed=" "
follow() { # follow FILE FROM: copy FILE to stderr from line FROM (0: from its end), once
  case "$followed" in *" $1 "*) return 0 ;; esac
  followed="$followed$1 "
  tail -n "$2" -F "$1" >&2 2>/dev/null &
}
log_files() {
  for f in "$log_dir/glusterd.log" "$log_dir/glustershd.log" "$log_dir"/bricks/*.log; do
    if [ -f "$f" ]; then echo "$f"; fi
  done
}
for f in $(log_files); do follow "$f" 0; done

# ---- stopping

# The PIDs glusterd recorded for the processes it started (bricks, self-heal daemon), each checked
# to be a gluster process of this container before it is signalled.
gluster_daemons() {
  [ -d "$pid_dir" ] || return 0
  find "$pid_dir" -name '*.pid' -type f 2>/dev/null | while read -r file; do
    pid=$(cat "$file" 2>/dev/null) || continue
    case "$pid" in '' | *[!0-9]*) continue ;; esac
    case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
      glusterfsd | glusterfs) echo "$pid" ;;
    esac
  done
}

stop_daemons() {
  pids=$(gluster_daemons)
  [ -n "$pids" ] || return 0
  say "stopping the bricks and the self-heal daemon first: SIGTERM to" $pids
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null
  waited=0
  while [ "$waited" -lt $((brick_stop_timeout * 5)) ]; do
    alive=""
    for pid in $pids; do
      if kill -0 "$pid" 2>/dev/null; then alive="$alive $pid"; fi
    done
    if [ -z "$alive" ]; then
      say "bricks and self-heal daemon stopped"
      return 0
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  say "still running after ${brick_stop_timeout}s:$alive (left to the end of the container)"
}

glusterd_pid=""
on_term() {
  say "SIGTERM: stopping"
  stop_daemons
  if [ -n "$glusterd_pid" ]; then
    kill -TERM "$glusterd_pid" 2>/dev/null
    wait "$glusterd_pid"
    status=$?
    say "glusterd stopped (exit $status)"
  else
    status=143
  fi
  exit "$status"
}
trap on_term TERM INT

# ---- glusterd

glusterd -N "$@" &
glusterd_pid=$!
(
  while :; do
    sleep 1
    for f in $(log_files); do follow "$f" +1; done
  done
) &
wait "$glusterd_pid"
status=$?
say "glusterd exited on its own (exit $status)"
stop_daemons
exit "$status"
