#!/bin/sh
# pod-exec.sh POD_DIR VOLUME_DIR POD_NAME COMMAND [ARG...]
#
# The sandbox's "container runtime" for one command of one pod. The sandbox runs it as
#   ip netns exec <pod netns> unshare -m -u --propagation private pod-exec.sh ...
# so that it starts in the pod's network namespace, in a mount namespace and a UTS namespace of
# its own. It then gives the command the pod's private view of the filesystem and exec()s it
# (no fork: the PID the sandbox holds becomes the command's PID):
#
#   /run                                            <- POD_DIR/run            (glusterd.socket lives here)
#   /var/run/secrets/kubernetes.io/serviceaccount   <- POD_DIR/serviceaccount (token, ca.crt, namespace)
#   /var/log/glusterfs                              <- POD_DIR/log
#   /etc/hosts                                      <- POD_DIR/hosts          (written as a kubelet does)
#   /etc/resolv.conf                                <- POD_DIR/resolv.conf    (the sandbox's cluster DNS)
#   /var/lib/glusterd                               <- VOLUME_DIR/glusterd    (the PersistentVolume)
#   /var/lib/glusterctl-probe                       <- VOLUME_DIR/probe       (the probe's state, on the PV)
#   /bricks                                         <- VOLUME_DIR/bricks      (brick directory, on the PV)
#
# and sets the hostname to the pod name, inside the new UTS namespace only.
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

hostname "$pod_name"
cd /
exec "$@"
