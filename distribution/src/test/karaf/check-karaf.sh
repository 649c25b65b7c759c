#!/usr/bin/env bash
# Installs cardmanage into a fresh Apache Karaf, offline, and checks that card:readers lists the simulated reader;
# then installs cardmanage-remote and checks that the remote bundle is active, that its farm component waits for its
# configuration, and that a farm configuration (plaintext, loopback only) makes it listen on 127.0.0.1 alone and
# answer gRPC calls with the simulated reader; then installs cardmanage-pcsc as it is, with Karaf's own etc/jre.properties
# (the driver binds the PC/SC library through the JNA bundle and needs no JDK package or JVM option), and checks that
# the JNA bundle and the driver bundle are Active. Always stops Karaf and deletes it, whatever happens.
#
# Karaf sees only this build's jars for org.cardmanage: every mvn: URL of that group in the features file is looked
# up in BUNDLES_DIR (this build's copies) and put into Karaf's system repository, and Karaf's own local repository is
# a private folder holding just the third-party artifacts the check needs, so a cardmanage artifact that an earlier
# `mvn install` left in MAVEN_REPO can never be picked up. A feature bundle that this build cannot supply stops the
# check before Karaf starts, with the URL named.
#
# usage: check-karaf.sh FEATURES_XML BUNDLES_DIR VERSION [MAVEN_REPO]
#   FEATURES_XML  the filtered features file (distribution/target/feature/features.xml)
#   BUNDLES_DIR   this build's bundles, ARTIFACT.jar each; several folders separated by ':', searched in order
#                 (distribution/target/classes/bundles:distribution/target/classes/remote)
#   VERSION       the cardmanage version the features file names (e.g. 0.1.0-SNAPSHOT)
#   MAVEN_REPO    the local Maven repository (default ~/.m2/repository); Karaf (tar.gz), the bundles of Karaf's scr
#                 feature and any third-party feature bundle are taken from it, fetched with dependency:get if absent
# environment: JAVA_HOME (default: the java on PATH), KARAF_VERSION (default 4.4.10), KEEP_KARAF=1 to keep the
#   unpacked Karaf for a look afterwards. Needs bash, tar and python3; ss shows the listening sockets (without it they
#   are read from /proc/net); curl with HTTP/2 makes the gRPC call (skipped with a note without it).
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,22p' "$0" >&2
  exit 2
fi
features=$(readlink -f "$1")
bundle_dirs=()
IFS=: read -r -a given_dirs <<< "$2"
for dir in "${given_dirs[@]}"; do
  [ -n "$dir" ] && bundle_dirs+=("$(readlink -f "$dir")")
done
version=$3
repo=$(readlink -f "${4:-$HOME/.m2/repository}")
karaf_version=${KARAF_VERSION:-4.4.10}
tarball="$repo/org/apache/karaf/apache-karaf/$karaf_version/apache-karaf-$karaf_version.tar.gz"
started=$(date +%s)

log() { echo "[karaf-check $(( $(date +%s) - started ))s] $*"; }
fail() { log "FAILED: $*"; exit 1; }

# Repository path of GROUP:ARTIFACT:VERSION[:TYPE].
repo_path() {
  IFS=: read -r group artifact ver type <<< "$1"
  echo "${group//.//}/$artifact/$ver/$artifact-$ver.${type:-jar}"
}

# Fetches a third-party artifact into the local repository unless it is there: GROUP:ARTIFACT:VERSION[:TYPE].
# dependency:get without transitive resolution, as the parent POM of the karaf.scr bundles is not served here.
need() {
  local file="$repo/$(repo_path "$1")"
  if [ ! -f "$file" ]; then
    log "fetching $1"
    # Outside the project, with dependency plugin 2.8: inside it, the project's 3.x plugin reads the artifact's
    # descriptor even with -Dtransitive=false and fails on the unserved parent POM (seen on a machine without them).
    (cd / && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:2.8:get -Dartifact="$1" \
        -Dtransitive=false -Dmaven.repo.local="$repo" >/dev/null) || fail "cannot fetch $1 into $repo"
  fi
}

[ -f "$features" ] || fail "no features file $features"
[ ${#bundle_dirs[@]} -gt 0 ] || fail "no bundles folder given"
for dir in "${bundle_dirs[@]}"; do
  [ -d "$dir" ] || fail "no bundles folder $dir"
done

# This build's ARTIFACT.jar: the first of the bundle folders that has it, else nothing.
build_jar() {
  local dir
  for dir in "${bundle_dirs[@]}"; do
    if [ -f "$dir/$1.jar" ]; then
      echo "$dir/$1.jar"
      return
    fi
  done
}

# Every bundle the features file names, as GROUP:ARTIFACT:VERSION[:TYPE] (mvn:GROUP/ARTIFACT/VERSION[/TYPE]).
feature_bundles=()
while read -r url; do
  IFS=/ read -r group artifact ver type classifier <<< "${url#mvn:}"
  [ -n "$group" ] && [ -n "$artifact" ] && [ -n "$ver" ] && [ -z "$classifier" ] \
    || fail "cannot read the bundle URL $url in $features (expected mvn:GROUP/ARTIFACT/VERSION[/TYPE])"
  feature_bundles+=("$group:$artifact:$ver${type:+:$type}")
done < <(grep -o '<bundle[^>]*>[^<]*</bundle>' "$features" | sed -e 's/<[^>]*>//g' -e 's/^[[:space:]]*//;s/[[:space:]]*$//')
[ ${#feature_bundles[@]} -gt 0 ] || fail "$features names no bundle"

# This build's bundles: each must be in BUNDLES_DIR, at this build's version; nothing of the group comes from a
# repository. Checked before anything is fetched or started.
missing=()
for coordinates in "${feature_bundles[@]}"; do
  IFS=: read -r group artifact ver type <<< "$coordinates"
  if [ "$group" = org.cardmanage ]; then
    if [ "$ver" != "$version" ] || [ "${type:-jar}" != jar ] || [ -z "$(build_jar "$artifact")" ]; then
      missing+=("mvn:${coordinates//://}")
    fi
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  fail "this build does not supply ${missing[*]} (looked for ARTIFACT.jar of version $version in ${bundle_dirs[*]};" \
    "add the module as a runtime dependency of distribution, or fix features.xml)"
fi

need "org.apache.karaf:apache-karaf:$karaf_version:tar.gz"
# What Karaf's scr feature installs (felix.scr, and the management and bundle conditionals) and, for its
# webconsole conditional, reads without installing.
third_party=(
  "org.apache.felix:org.apache.felix.scr:2.2.6"
  "org.osgi:org.osgi.service.component:1.5.1"
  "org.apache.karaf.scr:org.apache.karaf.scr.management:$karaf_version"
  "org.apache.karaf.scr:org.apache.karaf.scr.state:$karaf_version"
  "org.apache.felix:org.apache.felix.inventory:1.1.0"
  "org.apache.felix:org.apache.felix.webconsole.plugins.ds:2.2.0"
)
# Third-party bundles the features file names come from MAVEN_REPO like the scr feature's.
for coordinates in "${feature_bundles[@]}"; do
  [[ "$coordinates" == org.cardmanage:* ]] || third_party+=("$coordinates")
done
for coordinates in "${third_party[@]}"; do
  need "$coordinates"
done
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
export JAVA_HOME

work=$(mktemp -d "${TMPDIR:-/tmp}/cardmanage-karaf-XXXXXX")
karaf="$work/apache-karaf-$karaf_version"

karaf_pid=
cleanup() {
  status=$?
  if [ -n "$karaf_pid" ]; then
    "$karaf/bin/stop" >/dev/null 2>&1 || true
    # bin/stop only asks; wait (bounded) for our Karaf JVM to go, then make sure it has.
    for _ in $(seq 1 40); do
      kill -0 "$karaf_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$karaf_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_KARAF:-0}" = 1 ]; then
    log "kept $karaf"
  else
    rm -rf "$work"
  fi
  log "done"
  exit $status
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The local addresses listening on TCP port $1, one per line, as ss shows them (127.0.0.1:P, *:P, [::]:P, ...), with
# Java's IPv4-mapped dual-stack form [::ffff:A]:P shown as A:P. Without ss, read from /proc/net/tcp and tcp6.
listeners() {
  if command -v ss >/dev/null; then
    ss -Hltn "sport = :$1" | awk '{print $4}' | sed 's/^\[::ffff:\(.*\)\]:/\1:/'
  else
    python3 - "$1" <<'PY'
import ipaddress, sys
port = int(sys.argv[1])
for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
    try:
        rows = open(table).read().splitlines()[1:]
    except OSError:
        continue
    for row in rows:
        fields = row.split()
        address, local_port = fields[1].split(":")
        if fields[3] != "0A" or int(local_port, 16) != port:  # 0A: LISTEN
            continue
        raw = bytes.fromhex(address)
        if v6:
            ip = ipaddress.IPv6Address(b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
            shown = str(ip.ipv4_mapped) if ip.ipv4_mapped else "[%s]" % ip
        else:
            shown = str(ipaddress.IPv4Address(raw[::-1]))
        print("%s:%d" % (shown, port))
PY
  fi
}

log "unpacking Karaf $karaf_version into $work"
tar xzf "$tarball" -C "$work"

# This build's bundles go into Karaf's own system repository; every other artifact Karaf may ask for is copied into
# a private local repository, so nothing else of MAVEN_REPO is visible to Karaf.
private_repo="$work/repository"
for coordinates in "${third_party[@]}"; do
  mkdir -p "$(dirname "$private_repo/$(repo_path "$coordinates")")"
  cp "$repo/$(repo_path "$coordinates")" "$private_repo/$(repo_path "$coordinates")"
done
for coordinates in "${feature_bundles[@]}"; do
  IFS=: read -r group artifact ver type <<< "$coordinates"
  if [ "$group" = org.cardmanage ]; then
    target="$karaf/system/$(repo_path "$coordinates")"
    mkdir -p "$(dirname "$target")"
    cp "$(build_jar "$artifact")" "$target"
    log "from this build: mvn:${coordinates//://}"
  fi
done

# Offline: the system repository first, then the private local repository, nothing remote.
cat > "$karaf/etc/org.ops4j.pax.url.mvn.cfg" <<EOF
org.ops4j.pax.url.mvn.offline = true
org.ops4j.pax.url.mvn.useFallbackRepositories = false
org.ops4j.pax.url.mvn.localRepository = $private_repo
org.ops4j.pax.url.mvn.defaultRepositories = \\
    \${karaf.home.uri}\${karaf.default.repository}@id=system.repository@snapshots, \\
    \${karaf.data.uri}kar@id=kar.repository@multi@snapshots
org.ops4j.pax.url.mvn.repositories =
EOF

# bin/client needs a user: Karaf ships them commented out.
sed -i -e 's/^#karaf = karaf,_g_:admingroup/karaf = karaf,_g_:admingroup/' \
       -e 's/^#_g_\\:admingroup = /_g_\\:admingroup = /' "$karaf/etc/users.properties"
grep -q '^karaf = ' "$karaf/etc/users.properties" || fail "could not enable the karaf user"

# Free ports, so that a Karaf already running here (or another check) does not collide.
ssh_port=$(free_port)
sed -i "s/^sshPort *=.*/sshPort = $ssh_port/; s/^sshHost *=.*/sshHost = 127.0.0.1/" \
  "$karaf/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *=.*/rmiServerPort = $(free_port)/" \
  "$karaf/etc/org.apache.karaf.management.cfg"

log "starting Karaf (ssh on port $ssh_port)"
# 'daemon' execs the JVM, so $! is the process to stop at the end.
"$karaf/bin/karaf" daemon > "$work/karaf.out" 2>&1 &
karaf_pid=$!

client() {
  # Commands from standard input, batch mode: the form that works without a terminal. Retries the connection
  # while Karaf is still starting (at most 90 times, a second apart).
  "$karaf/bin/client" -a "$ssh_port" -h 127.0.0.1 -u karaf -p karaf -r 90 -d 1 -b
}

log "installing the feature from $features"
printf '%s\n' "feature:repo-add file:$features" "feature:install cardmanage" | client > "$work/install.out" 2>&1 \
  || { cat "$work/install.out"; fail "feature:install cardmanage"; }
grep -qi "error" "$work/install.out" && { cat "$work/install.out"; fail "feature:install reported an error"; }

# A command's return value is not printed over the client: echo prints it. The components start right after
# the install returns; give the commands a bounded time to register.
log "running card:readers"
listed=false
for attempt in $(seq 1 20); do
  echo 'echo (card:readers)' | client > "$work/readers.out" 2>&1 || true
  if grep -q "Sim Reader 0" "$work/readers.out"; then
    cat "$work/readers.out"
    log "OK: card:readers lists Sim Reader 0 (attempt $attempt)"
    listed=true
    break
  fi
  sleep 1
done
if ! $listed; then
  cat "$work/readers.out"
  echo "--- karaf.log (tail)"
  tail -50 "$karaf/data/log/karaf.log" 2>/dev/null || true
  fail "card:readers did not list Sim Reader 0"
fi

# --- cardmanage-remote: the remote bundle alone (gRPC, Netty and protobuf are inside it), on the core feature.
karaf_log_tail() {
  echo "--- karaf.log (tail)"
  tail -60 "$karaf/data/log/karaf.log" 2>/dev/null || true
}
farm_component=org.cardmanage.remote.internal.farm.FarmComponent
farm_says="serves its readers on 127.0.0.1:"

log "installing cardmanage-remote"
echo "feature:install cardmanage-remote" | client > "$work/remote-install.out" 2>&1 \
  || { cat "$work/remote-install.out"; fail "feature:install cardmanage-remote"; }
grep -qi "error" "$work/remote-install.out" \
  && { cat "$work/remote-install.out"; fail "feature:install cardmanage-remote reported an error"; }

# The bundle is Active, and its farm component has no instance without a configuration (so nothing listens yet).
# SCR's own scr:list returns its table: piped through grep, it is printed over the client too.
remote_ready=false
for attempt in $(seq 1 20); do
  printf '%s\n' "bundle:list -s -t 0 | grep --color=never org.cardmanage.remote" \
    "scr:list | grep -A 1 --color=never org.cardmanage.remote" | client > "$work/remote-state.out" 2>&1 || true
  if grep -E '\| org\.cardmanage\.remote\b' "$work/remote-state.out" | grep -q '| Active ' \
      && grep -F "$farm_component in bundle" "$work/remote-state.out" | grep -q 'enabled, 0 instances'; then
    remote_ready=true
    break
  fi
  sleep 1
done
cat "$work/remote-state.out"
if ! $remote_ready; then
  karaf_log_tail
  fail "the remote bundle is not Active with its farm component enabled and waiting for its configuration"
fi
log "OK: org.cardmanage.remote is Active, its farm waits for org.cardmanage.remote.farm (attempt $attempt)"

# A farm configuration: plaintext, which the farm allows on loopback only, on a free port; the client rule admits the
# unauthenticated caller to the simulated readers. Written beside and moved in, so FileInstall never reads half of it.
farm_port=$(free_port)
log "configuring the farm on 127.0.0.1:$farm_port (etc/org.cardmanage.remote.farm.cfg, insecure.loopback.only)"
printf '%s\n' "host.name = karaf-check" "bind.address = 127.0.0.1" "port = $farm_port" \
  "insecure.loopback.only = true" "clients = anonymous | readers=Sim Reader *" > "$work/farm.cfg"
mv "$work/farm.cfg" "$karaf/etc/org.cardmanage.remote.farm.cfg"

# The farm listens on 127.0.0.1:PORT and nowhere else (not *, 0.0.0.0 or [::]). FileInstall polls etc/ every second.
listening=
for _ in $(seq 1 60); do
  listening=$(listeners "$farm_port" | sort -u | tr '\n' ' ')
  [ -n "$listening" ] && break
  sleep 0.5
done
[ -n "$listening" ] || { karaf_log_tail; fail "nothing listens on port $farm_port 30 s after the farm configuration"; }
log "listening on port $farm_port: $listening"
[ "$listening" = "127.0.0.1:$farm_port " ] \
  || { karaf_log_tail; fail "the farm listens on $listening- expected 127.0.0.1:$farm_port alone"; }
said=false
for _ in $(seq 1 20); do
  if grep -q "$farm_says$farm_port" "$karaf/data/log/karaf.log"; then
    said=true
    break
  fi
  sleep 0.5
done
$said || { karaf_log_tail; fail "karaf.log does not say the farm $farm_says$farm_port"; }
grep "$farm_says$farm_port" "$karaf/data/log/karaf.log"
log "OK: the farm listens on 127.0.0.1:$farm_port only"

# A gRPC call over HTTP/2 without TLS (prior knowledge): an empty ListReadersRequest is a 5-byte frame (not
# compressed, length 0); the answer holds the reader names as text, and its trailers grpc-status 0.
if curl -V 2>/dev/null | grep -q HTTP2; then
  printf '\0\0\0\0\0' > "$work/empty.grpc"
  curl -sS --max-time 20 --http2-prior-knowledge -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
      --data-binary @"$work/empty.grpc" -D "$work/list.headers" -o "$work/list.body" \
      "http://127.0.0.1:$farm_port/cardmanage.remote.v1.CardFarm/ListReaders" \
    || { karaf_log_tail; fail "the ListReaders call to the farm failed"; }
  if ! grep -qi '^grpc-status: *0' "$work/list.headers" || ! grep -qa "Sim Reader 0" "$work/list.body"; then
    cat "$work/list.headers"
    karaf_log_tail
    fail "ListReaders did not answer grpc-status 0 with Sim Reader 0"
  fi
  log "OK: the farm answers ListReaders over gRPC with Sim Reader 0"
else
  log "note: no curl with HTTP/2 here; the gRPC call to the farm is not tried"
fi
# --- cardmanage-pcsc: the JNA bundle and the driver, on an untouched etc/jre.properties (Karaf does not export
# javax.smartcardio on Java 17; the driver imports it optionally, for its JDK fallback only). pcscd need not run:
# the driver bundle is Active either way, and waits for the PC/SC service.
log "installing cardmanage-pcsc (etc/jre.properties untouched)"
echo "feature:install cardmanage-pcsc" | client > "$work/pcsc-install.out" 2>&1 \
  || { cat "$work/pcsc-install.out"; karaf_log_tail; fail "feature:install cardmanage-pcsc"; }
grep -qi "error" "$work/pcsc-install.out" \
  && { cat "$work/pcsc-install.out"; karaf_log_tail; fail "feature:install cardmanage-pcsc reported an error"; }
pcsc_ready=false
for attempt in $(seq 1 20); do
  printf '%s\n' "bundle:list -s -t 0 | grep --color=never org.cardmanage.driver.pcsc" \
    "bundle:list -s -t 0 | grep --color=never com.sun.jna" | client > "$work/pcsc-state.out" 2>&1 || true
  # JNA declares lazy activation: Starting until the driver first loads a class of it, then Active.
  if grep -E '\| org\.cardmanage\.driver\.pcsc\b' "$work/pcsc-state.out" | grep -q '| Active ' \
      && grep -E '\| com\.sun\.jna\b' "$work/pcsc-state.out" | grep -Eq '\| (Active|Starting) '; then
    pcsc_ready=true
    break
  fi
  sleep 1
done
cat "$work/pcsc-state.out"
if ! $pcsc_ready; then
  karaf_log_tail
  fail "org.cardmanage.driver.pcsc is not Active, or com.sun.jna not installed, after feature:install cardmanage-pcsc"
fi
log "OK: org.cardmanage.driver.pcsc is Active with com.sun.jna beside it, etc/jre.properties untouched (attempt $attempt)"
log "OK: all checks passed"
