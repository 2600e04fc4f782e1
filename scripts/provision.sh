#!/usr/bin/env bash
# Provision a Debian bookworm machine (run as root) for wsgiform's test lanes:
#   1. host packages (docker.io, debootstrap, Apache + mod_wsgi, HAProxy, curl, the OpenStack
#      client with the plugins the e2e calls use) - installed only if missing, services not left running;
#      the e2e lanes' fixed ports reserved out of the ephemeral port range;
#   2. a Docker engine that answers;
#   3. the base image wsgiform/debian:bookworm (debootstrap + docker import, because
#      there is no image registry here) - built only if missing;
#   4. every image under images/<role>, and the service images of Keystone and Cinder, as
#      wsgiform/<name>:latest (Docker's layer cache makes re-runs take seconds).
# Idempotent: re-running it when everything is present only re-checks.
set -euo pipefail

start_s=$(date +%s.%N)
log() { printf 'provision: %s\n' "$*"; }
die() { printf 'provision: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_image=wsgiform/debian:bookworm
suite=bookworm
host_packages=(docker.io debootstrap apache2 libapache2-mod-wsgi-py3 haproxy curl python3-openstackclient
  python3-osc-placement python3-barbicanclient python3-aodhclient python3-heatclient
  python3-gnocchiclient python3-magnumclient python3-manilaclient python3-mistralclient
  python3-octaviaclient python3-watcherclient python3-ironicclient python3-freezerclient
  python3-cloudkittyclient python3-saharaclient python3-troveclient python3-muranoclient
  python3-senlinclient python3-designateclient python3-vitrageclient python3-zaqarclient chromium)
# Services whose packages may start a daemon from their maintainer scripts. We run our own
# instances, so none of these may be left running by the install.
host_services=(apache2 haproxy)

export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }

# ---------------------------------------------------------------- 1. host packages
is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}
service_pids() { pgrep -x "$1" 2>/dev/null | tr '\n' ' ' || true; }

missing=()
for p in "${host_packages[@]}"; do is_installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  log "host packages present: ${host_packages[*]}"
else
  log "installing host packages: ${missing[*]}"
  declare -A before=()
  for s in "${host_services[@]}"; do before[$s]=$(service_pids "$s"); done
  # Deny service starts during the install. Keep an existing policy (e.g. Docker-style
  # `exit 101`); only a policy we created ourselves is removed again.
  own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# wsgiform provision.sh: temporary, deny service starts\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    own_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt_get update
  apt_get install -y --no-install-recommends "${missing[@]}"
  if [ -n "$own_policy" ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  # Belt and braces: stop any of our services that the install started anyway.
  for s in "${host_services[@]}"; do
    after=$(service_pids "$s")
    if [ -n "$after" ] && [ -z "${before[$s]}" ]; then
      log "stopping $s (started by its package install)"
      if [ -d /run/systemd/system ]; then
        systemctl stop "$s" || true
      else
        # shellcheck disable=SC2086
        kill $after 2>/dev/null || true
      fi
    fi
  done
fi

# ---------------------------------------------------------------- 1b. the e2e ports
# The e2e lanes publish fixed ports (35500-35999, 36700-36799, 38600-38899) that lie inside
# Linux's ephemeral range (32768-60999): an outgoing connection that happens to get one as its
# local port makes the next deployment's bind fail ("address already in use", seen in a CI run).
# Reserved ports are never handed out as ephemeral ports.
E2E_PORTS=35500-35999,36700-36799,38600-38899
reserved=$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)
case ",$reserved," in
  *,35500-35999,*) log "e2e ports reserved: $reserved" ;;
  *)
    sysctl -qw net.ipv4.ip_local_reserved_ports="${reserved:+$reserved,}$E2E_PORTS" ||
      die "cannot reserve the e2e ports $E2E_PORTS (net.ipv4.ip_local_reserved_ports)"
    log "reserved the e2e ports: $(cat /proc/sys/net/ipv4/ip_local_reserved_ports)"
    ;;
esac

# ---------------------------------------------------------------- 2. Docker engine
if docker version >/dev/null 2>&1; then
  log "docker engine answers"
else
  log "starting dockerd"
  if [ -d /run/systemd/system ]; then
    systemctl start docker || true
  fi
  if ! docker version >/dev/null 2>&1; then
    setsid nohup dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 1
  done
  docker version >/dev/null 2>&1 ||
    die "docker engine does not answer after 60 s (see /var/log/dockerd.log)"
  log "docker engine answers"
fi

# ---------------------------------------------------------------- 3. base image
# The host's mirrors, from its deb822 sources: the URI serving <suite> and the one serving
# <suite>-security. Falls back to deb.debian.org.
mirror_for() { # $1 = suite to look for
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    awk -v want="$1" '
      function flush() { if (uri != "" && hit) { print uri; found = 1; exit } uri = ""; hit = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == want) hit = 1 }
      END { if (!found) flush() }' "$f"
  done | head -n 1
}

if docker image inspect "$base_image" >/dev/null 2>&1; then
  log "base image $base_image present"
else
  mirror=$(mirror_for "$suite"); mirror=${mirror:-http://deb.debian.org/debian}
  security=$(mirror_for "$suite-security"); security=${security:-http://deb.debian.org/debian-security}
  log "building base image $base_image (debootstrap from $mirror, security from $security)"
  rootfs=$(mktemp -d /var/tmp/wsgiform-rootfs.XXXXXX)
  chmod 0755 "$rootfs"   # apt in the chroot downloads as user _apt
  cleanup_rootfs() {
    # Never rm -rf through a mount point that debootstrap or we left behind.
    local m
    for m in $(findmnt -rn -o TARGET | grep -F "$rootfs" | sort -r); do umount -l "$m" || true; done
    if findmnt -rn -o TARGET | grep -qF "$rootfs"; then
      log "WARNING: mounts remain under $rootfs; not removing it"
    else
      rm -rf --one-file-system "$rootfs"
    fi
  }
  trap cleanup_rootfs EXIT
  t0=$(date +%s)
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror"
  # Apt sources: bookworm, bookworm-updates and bookworm-security, same mirrors as the host.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # Same dpkg/apt tweaks as Docker's official debian:*-slim images: no docs, man pages or
  # translations, and no cached .debs.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'Acquire::Languages "none";\n' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  # Bring the base up to date with bookworm-updates/-security (debootstrap only used the
  # release suite). A temporary policy-rc.d keeps maintainer scripts from starting daemons.
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"; chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" apt-get -o Acquire::Retries=3 -o Dpkg::Use-Pty=0 update
  chroot "$rootfs" apt-get -y -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold dist-upgrade
  chroot "$rootfs" apt-get clean
  umount "$rootfs/proc"
  rm -f "$rootfs/usr/sbin/policy-rc.d"
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$rootfs"/usr/share/{man,info,groff,linda,lintian/overrides}/* \
    "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/*.log \
    "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  : >"$rootfs/etc/resolv.conf"   # Docker bind-mounts its own at run time
  printf 'localhost\n' >"$rootfs/etc/hostname"
  tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$base_image" >/dev/null
  cleanup_rootfs
  trap - EXIT
  log "base image $base_image built in $(( $(date +%s) - t0 )) s"
fi

# ---------------------------------------------------------------- 4. images
# Every role image (images/<role>) and the service images of the built-in services the tests
# deploy (images/service with each definition's build arguments), as wsgiform/<name>:latest.
# BuildKit, like the docker provider (and the test applier) builds through the API, so the
# deploy's own builds of the same contexts and arguments hit this cache. Debian's docker.io CLI
# has BuildKit built in.
[ -x "$repo_root/node_modules/.bin/ts-node" ] || die "node_modules missing: run npm ci first"
builds=$(cd "$repo_root" && node_modules/.bin/ts-node --transpile-only --project tsconfig.dev.json \
  scripts/image-builds.ts "$base_image") || die "scripts/image-builds.ts failed"
while IFS= read -r build; do
  [ -n "$build" ] || continue
  tag=$(node -e 'console.log(JSON.parse(process.argv[1]).tag)' "$build")
  context=$(node -e 'console.log(JSON.parse(process.argv[1]).context)' "$build")
  mapfile -d '' args < <(node -e '
    const b = JSON.parse(process.argv[1]).buildArgs;
    for (const [k, v] of Object.entries(b)) process.stdout.write("--build-arg\0" + k + "=" + v + "\0");' "$build")
  t0=$(date +%s)
  log "building $tag"
  if ! out=$(DOCKER_BUILDKIT=1 /usr/bin/docker build "${args[@]}" -t "$tag" "$context" 2>&1); then
    printf '%s\n' "$out" | tail -n 60 >&2
    die "docker build of $tag failed"
  fi
  log "built $tag in $(( $(date +%s) - t0 )) s"
done <<<"$builds"

end_s=$(date +%s.%N)
log "done in $(awk -v a="$start_s" -v b="$end_s" 'BEGIN { printf "%.1f", b - a }') s"
