#!/bin/sh
# The gluster container's start sequence: prepare with glusterctl-probe (carry out a repair an
# earlier run asked for), then run glusterd in the foreground as the container's main process.
# A failing or hanging prestart must not keep glusterd from starting: it is logged and the start
# goes on. Extra arguments are passed to glusterd.
set -u

prestart_timeout=${GLUSTERCTL_PRESTART_TIMEOUT:-60}

# /var/lib/glusterd is a volume that starts empty: give it the package's own files (hooks/, groups/),
# kept in the image at build time. Never overwrites anything (cp -n), never on a pod with state.
dist=/usr/local/share/glusterctl-probe/glusterd-dist
if [ -d "$dist" ] && [ ! -e /var/lib/glusterd/glusterd.info ]; then
  cp -an "$dist/." /var/lib/glusterd/ 2>/dev/null || echo "entrypoint: could not seed /var/lib/glusterd from $dist" >&2
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

rc=0
if command -v timeout >/dev/null 2>&1; then
  timeout -k 5 "$prestart_timeout" glusterctl-probe prestart || rc=$?
else
  glusterctl-probe prestart || rc=$?
fi
if [ "$rc" -ne 0 ]; then
  echo "entrypoint: glusterctl-probe prestart failed (exit $rc); starting glusterd anyway" >&2
fi

exec glusterd -N "$@"
