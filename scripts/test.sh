#!/usr/bin/env bash
# Runs every test of the portal on a fresh machine of this kind: installs what the tests need
# (Debian's Chromium for the browser tests, PostgreSQL for the data tests), starts a throw-away
# PostgreSQL on loopback, builds once, runs each test project, and prints one closing line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONFIG=${CONFIG:-Release}

log() { printf '\n==> %s\n' "$*"; }

install_packages() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  # The disk-image tests make images with these tools and use 7-Zip/debugfs/sfdisk/LVM as their oracles;
  # the detection tests run YARA (libyara, and the yara tool as its oracle) make keys with ssh-keygen, and check the registry reader against hivex (hivexsh, hivexget) and the rpm database reader against rpm.
  local sbin="$PATH:/usr/sbin:/sbin" t
  for t in 7zz:7zip debugfs:e2fsprogs sfdisk:fdisk sgdisk:gdisk qemu-img:qemu-utils pvcreate:lvm2 xfs_db:xfsprogs mkntfs:ntfs-3g yara:yara ssh-keygen:openssh-client hivexsh:libhivex-bin rpmbuild:rpm; do
    PATH=$sbin command -v "${t%%:*}" >/dev/null 2>&1 || need+=("${t#*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "Installing ${need[*]} (Debian packages)"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

PGDATA=""
start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGDATA=$(mktemp -d /tmp/portal-pg.XXXXXX)
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local as=""; [ "$(id -u)" -eq 0 ] && { chown postgres "$PGDATA"; as="runuser -u postgres --"; }
  log "Starting PostgreSQL on 127.0.0.1:$PGPORT"
  $as "$bin/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
  $as "$bin/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  PG_CTL_STOP="$as $bin/pg_ctl -D $PGDATA -m fast stop"
  export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
}
stop_postgres() { [ -n "${PG_CTL_STOP:-}" ] && $PG_CTL_STOP >/dev/null 2>&1 || true; [ -n "$PGDATA" ] && rm -rf "$PGDATA"; }
trap stop_postgres EXIT

install_packages
start_postgres

log "Building ($CONFIG)"
dotnet build Portal.sln -c "$CONFIG" -nologo -clp:ErrorsOnly

mkdir -p artifacts; rm -f artifacts/test-summary.txt.tmp
passed=0; failed=0; skipped=0; status=0
# The solution's test projects, quick ones first and the browser tests last.
projects=$(dotnet sln Portal.sln list | grep -E '^tests/.*\.csproj$' | sort | grep -v BrowserTests; dotnet sln Portal.sln list | grep -E '^tests/.*BrowserTests\.csproj$')
for project in $projects; do
  name=$(basename "$project" .csproj)
  log "Testing $name"
  out=$(mktemp)
  if ! dotnet test "$project" -c "$CONFIG" --no-build -nologo 2>&1 | tee "$out"; then status=1; fi
  line=$(grep -E '(Passed|Failed)! +- Failed: ' "$out" | tail -1 || true)
  if [ -z "$line" ]; then echo "!! $name reported no test result"; status=1; rm -f "$out"; continue; fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line"); p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line"); s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  printf '%s: %s passed, %s failed, %s skipped\n' "$name" "$p" "$f" "$s" >> "$ROOT/artifacts/test-summary.txt.tmp" 2>/dev/null || true
  rm -f "$out"
done

[ -f artifacts/test-summary.txt.tmp ] && mv artifacts/test-summary.txt.tmp artifacts/test-summary.txt && { log "Per project"; cat artifacts/test-summary.txt; }
[ "$failed" -gt 0 ] && status=1
echo
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit $status
