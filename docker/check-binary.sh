#!/bin/sh
# Runs a built glusterctl-probe the way the pod will, on inputs whose answers are known, and fails
# (exit 1, with the run that went wrong) when one answer differs. The image build runs it on the native
# binary right after native-image made it, so a native-only failure (a class, a resource bundle or a
# security provider the image left out) breaks the build instead of a pod on a node. The unit tests run
# it on the JVM launcher target/glusterctl-probe, so the checks themselves are tested where there is no
# container engine (NativeCheckScriptTest).
#
#   docker/check-binary.sh BINARY FIXTURES_DIR
#
# Needs: sh, openssl (a dummy CA and a TLS server on 127.0.0.1), timeout, grep, head, mktemp.
# Touches nothing outside its own temporary directory and loopback; stops the TLS server it started
# by its PID.
set -u

binary=${1:?usage: check-binary.sh BINARY FIXTURES_DIR}
fixtures=${2:?usage: check-binary.sh BINARY FIXTURES_DIR}
# The English texts below are what the checks look for; the pod runs without a locale too.
LC_ALL=C
LANG=C
export LC_ALL LANG

work=$(mktemp -d "${TMPDIR:-/tmp}/glusterctl-check.XXXXXX") || exit 1
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

failures=0
checks=0

# run NAME ARGS...: runs the binary (60 s at most), keeps stdout, stderr and the exit code.
run() {
  name=$1
  shift
  timeout -k 5 60 "$binary" "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.rc"
}

# expect NAME RC [stdout|stderr PATTERN]...: the run's exit code is RC and each (extended regular
# expression) pattern matches a line of the named stream.
expect() {
  name=$1
  rc=$2
  shift 2
  checks=$((checks + 1))
  got=$(cat "$work/$name.rc")
  ok=yes
  why=
  if [ "$got" != "$rc" ]; then
    ok=no
    why="exit $got, expected $rc"
  fi
  while [ $# -ge 2 ]; do
    case $1 in
      stdout) stream=out ;;
      *) stream=err ;;
    esac
    if ! grep -Eq -- "$2" "$work/$name.$stream"; then
      ok=no
      why="${why:+$why; }$1 has no line matching /$2/"
    fi
    shift 2
  done
  if [ "$ok" = yes ]; then
    echo "ok   $name"
  else
    failures=$((failures + 1))
    echo "FAIL $name: $why"
    echo "  --- stdout"
    head -c 4000 "$work/$name.out" | sed 's/^/  /'
    echo "  --- stderr"
    head -c 4000 "$work/$name.err" | sed 's/^/  /'
  fi
}

# --- the program starts at all ---------------------------------------------------------------------
run version --version
expect version 0 stdout '^glusterctl-probe [0-9]'
run help --help
expect help 0 stdout 'liveness' stdout 'readiness' stdout 'Exit codes'

# --- peer status, text and XML, with the planner (offline: neither glusterd nor DNS) ----------------
uuid1=ebb353ee-8f0a-481a-b685-00761eac2483
uuid2=59678370-3ef4-4338-a0b4-e60a08cdaa7c
desired=glusterfs-0,glusterfs-1,glusterfs-2
run text status --peer-status-file "$fixtures/peer-status-2-peers.txt" --desired "$desired" \
  --self glusterfs-0 --output json
expect text 0 stdout "\"uuid\":\"$uuid1\"" stdout "\"uuid\":\"$uuid2\"" \
  stdout '"state":"Peer in Cluster"'
run xml status --peer-status-file "$fixtures/peer-status-2-peers.xml" --desired "$desired" \
  --self glusterfs-0 --output json
expect xml 0 stdout "\"uuid\":\"$uuid1\"" stdout "\"uuid\":\"$uuid2\"" stdout '"actions":\[\]'
run rejected plan --peer-status-file "$fixtures/peer-status-rejected.xml" --desired "$desired" \
  --self glusterfs-0
expect rejected 0 stdout 'Rejected'

# --- bad input: exit 5 with where it went wrong -----------------------------------------------------
# The XML cut in the middle of an element: the JDK parser's own message (its message bundle, which a
# native image leaves out unless told) with a line and a column.
head -c 300 "$fixtures/peer-status-2-peers.xml" >"$work/truncated.xml"
run truncated status --peer-status-file "$work/truncated.xml"
expect truncated 5 stderr 'malformed XML at line [0-9]+, column [0-9]+: XML document structures must start and end within the same entity'
printf 'Number of Peers: 2\n\nHostname: glusterfs-1\n' >"$work/truncated.txt"
run truncated-text status --peer-status-file "$work/truncated.txt"
expect truncated-text 5 stderr 'not a usable gluster peer status output'

# --- API mode: TLS with only the given CA trusted ---------------------------------------------------
# A dummy CA whose own certificate serves 127.0.0.1, a TLS server answering the Scale of the
# StatefulSet, and a second CA that did not sign it. The program must read spec.replicas through the
# first and refuse the handshake with the second.
ns=checks
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 2 \
  -subj /CN=dummy-kube-apiserver -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$work/ca.key" -out "$work/ca.crt" >"$work/openssl.log" 2>&1 \
  && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 2 \
    -subj /CN=another-ca -keyout "$work/other.key" -out "$work/other.crt" >>"$work/openssl.log" 2>&1
if [ $? -ne 0 ]; then
  failures=$((failures + 1))
  echo "FAIL tls: openssl could not make the dummy CA:"
  sed 's/^/  /' "$work/openssl.log"
else
  mkdir -p "$work/www/apis/apps/v1/namespaces/$ns/statefulsets/glusterfs"
  body='{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"glusterfs","namespace":"'$ns'"},"spec":{"replicas":3},"status":{"replicas":3,"selector":"app=glusterfs"}}'
  printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "${#body}" "$body" >"$work/www/apis/apps/v1/namespaces/$ns/statefulsets/glusterfs/scale"
  (cd "$work/www" && exec openssl s_server -accept 127.0.0.1:0 -cert "$work/ca.crt" \
    -key "$work/ca.key" -HTTP) >"$work/server.log" 2>&1 &
  server_pid=$!
  port=
  i=0
  while [ -z "$port" ] && [ $i -lt 100 ]; do
    port=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$work/server.log" 2>/dev/null)
    [ -n "$port" ] || sleep 0.1
    i=$((i + 1))
  done
  if [ -z "$port" ]; then
    failures=$((failures + 1))
    echo "FAIL tls: the TLS server did not start:"
    sed 's/^/  /' "$work/server.log"
  else
    printf 'dummy-token-for-the-image-check\n' >"$work/token"
    mkdir -p "$work/state" "$work/glusterd"
    api() {
      run "$1" status --members-from api --api-url "https://127.0.0.1:$port" \
        --token-file "$work/token" --ca-file "$2" --pod-name glusterfs-0 --namespace "$ns" \
        --gluster /bin/false --state-dir "$work/state" --glusterd-dir "$work/glusterd" \
        --deadline 20s --output json
    }
    # glusterd is not there (--gluster /bin/false): status exits 3, "cannot see", but the desired
    # members came from the API.
    api tls-trusted "$work/ca.crt"
    expect tls-trusted 3 stdout '"desiredSource":"api"' stdout '"replicas":3'
    api tls-other-ca "$work/other.crt"
    expect tls-other-ca 3 stdout 'TLS with the API at 127\.0\.0\.1:[0-9]+ failed'
    if grep -q dummy-token-for-the-image-check "$work"/tls-*.out "$work"/tls-*.err; then
      failures=$((failures + 1))
      echo "FAIL tls: the token was printed"
    fi
  fi
fi

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
