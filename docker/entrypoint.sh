#!/bin/sh
# The gluster container's start sequence: prepare with glusterctl-probe (carry out a repair an
# earlier run asked for), then run glusterd in the foreground as the container's main process.
# A failing or hanging prestart must not keep glusterd from starting: it is logged and the start
# goes on. Extra arguments are passed to glusterd.
set -u

prestart_timeout=${GLUSTERCTL_PRESTART_TIMEOUT:-60}

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
