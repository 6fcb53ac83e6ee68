#!/bin/sh
# pod-exec.sh POD_DIR VOLUME_DIR POD_NAME COMMAND [ARG...]
#
# The sandbox's container runtime, starting one container of one pod. The sandbox runs it as
#   ip netns exec <pod netns> setsid unshare --mount --uts --pid --fork --kill-child --propagation private \
#       pod-exec.sh ...
# so that it starts in the pod's network namespace as PID 1 of a PID namespace of its own, in a
# mount namespace and a UTS namespace of its own. It mounts the container's /proc (so that the
# container sees only its own processes), gives it the pod's private view of the filesystem and
# exec()s COMMAND, the image's ENTRYPOINT, which thereby is the container's PID 1:
#
#   /run                                            <- POD_DIR/run            (glusterd.socket lives here)
#   /var/run/secrets/kubernetes.io/serviceaccount   <- POD_DIR/serviceaccount (token, ca.crt, namespace)
#   /var/log/glusterfs                              <- POD_DIR/log
#   /etc/hosts                                      <- POD_DIR/hosts          (written as a kubelet does)
#   /etc/resolv.conf                                <- POD_DIR/resolv.conf    (the sandbox's cluster DNS)
#   /var/lib/glusterd                               <- VOLUME_DIR/glusterd    (the PersistentVolume)
#   /var/lib/glusterctl-probe                       <- VOLUME_DIR/probe       (the probe's state, on the PV)
#   /bricks                                         <- VOLUME_DIR/bricks      (brick directory, on the PV)
#   /etc/glusterfs/glusterd.vol                     <- the image's docker/glusterd.vol (beside this script)
#
# and sets the hostname to the pod name, inside the new UTS namespace only. Execs into the running
# container (kubectl exec, exec probes) join these namespaces with nsenter; they do not run this.
set -eu

if [ "$#" -lt 4 ]; then
  echo "usage: pod-exec.sh POD_DIR VOLUME_DIR POD_NAME COMMAND [ARG...]" >&2
  exit 125
fi
pod_dir=$1
volume_dir=$2
pod_name=$3
shift 3

# Refuse to touch the machine's own hostname or mounts: this must run after unshare -m -u.
if [ "$(readlink /proc/self/ns/uts)" = "$(readlink /proc/1/ns/uts)" ]; then
  echo "pod-exec.sh: not in a UTS namespace of its own; refusing to set the hostname" >&2
  exit 125
fi
if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
  echo "pod-exec.sh: not in a mount namespace of its own; refusing to mount" >&2
  exit 125
fi

# The container's init: PID 1 of its own PID namespace, as under a container runtime.
if [ "$$" -ne 1 ]; then
  echo "pod-exec.sh: not PID 1 of a PID namespace of its own (pid $$); refusing to start" >&2
  exit 125
fi
# /proc of the container's PID namespace (the checks above read the host's, before this mount).
mount -t proc -o nosuid,nodev,noexec proc /proc

bind() { # bind SOURCE TARGET: the target is created if missing (an empty mount point)
  if [ -d "$1" ]; then
    mkdir -p "$2"
  elif [ ! -e "$2" ]; then
    : >"$2"
  fi
  mount --bind "$1" "$2"
}

bind "$pod_dir/run" /run
bind "$pod_dir/serviceaccount" /run/secrets/kubernetes.io/serviceaccount
bind "$pod_dir/log" /var/log/glusterfs
bind "$pod_dir/hosts" /etc/hosts
bind "$pod_dir/resolv.conf" /etc/resolv.conf
bind "$volume_dir/glusterd" /var/lib/glusterd
bind "$volume_dir/probe" /var/lib/glusterctl-probe
bind "$volume_dir/bricks" /bricks
# glusterd's configuration as the image installs it (COPY docker/glusterd.vol /etc/glusterfs/glusterd.vol)
bind "$(dirname "$0")/glusterd.vol" /etc/glusterfs/glusterd.vol

hostname "$pod_name"
cd /
exec "$@"
