#!/usr/bin/env bash
# Installs cardmanage into a fresh Apache Karaf, offline, and checks that card:readers lists the simulated reader.
# Always stops Karaf and deletes it, whatever happens.
#
# Karaf sees only this build's jars for org.cardmanage: every mvn: URL of that group in the features file is looked
# up in BUNDLES_DIR (this build's copies) and put into Karaf's system repository, and Karaf's own local repository is
# a private folder holding just the third-party artifacts the check needs, so a cardmanage artifact that an earlier
# `mvn install` left in MAVEN_REPO can never be picked up. A feature bundle that this build cannot supply stops the
# check before Karaf starts, with the URL named.
#
# usage: check-karaf.sh FEATURES_XML BUNDLES_DIR VERSION [MAVEN_REPO]
#   FEATURES_XML  the filtered features file (distribution/target/feature/features.xml)
#   BUNDLES_DIR   this build's bundles, ARTIFACT.jar each (distribution/target/classes/bundles)
#   VERSION       the cardmanage version the features file names (e.g. 0.1.0-SNAPSHOT)
#   MAVEN_REPO    the local Maven repository (default ~/.m2/repository); Karaf (tar.gz), the bundles of Karaf's scr
#                 feature and any third-party feature bundle are taken from it, fetched with dependency:get if absent
# environment: JAVA_HOME (default: the java on PATH), KARAF_VERSION (default 4.4.10), KEEP_KARAF=1 to keep the
#   unpacked Karaf for a look afterwards.
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,19p' "$0" >&2
  exit 2
fi
features=$(readlink -f "$1")
bundles=$(readlink -f "$2")
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
[ -d "$bundles" ] || fail "no bundles folder $bundles"

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
    if [ "$ver" != "$version" ] || [ "${type:-jar}" != jar ] || [ ! -f "$bundles/$artifact.jar" ]; then
      missing+=("mvn:${coordinates//://}")
    fi
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  fail "this build does not supply ${missing[*]} (looked for ARTIFACT.jar of version $version in $bundles;" \
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
    cp "$bundles/$artifact.jar" "$target"
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
for attempt in $(seq 1 20); do
  echo 'echo (card:readers)' | client > "$work/readers.out" 2>&1 || true
  if grep -q "Sim Reader 0" "$work/readers.out"; then
    cat "$work/readers.out"
    log "OK: card:readers lists Sim Reader 0 (attempt $attempt)"
    exit 0
  fi
  sleep 1
done
cat "$work/readers.out"
echo "--- karaf.log (tail)"
tail -50 "$karaf/data/log/karaf.log" 2>/dev/null || true
fail "card:readers did not list Sim Reader 0"
