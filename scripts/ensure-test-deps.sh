#!/usr/bin/env bash
# Installs what the test suite and the benchmark need from Debian: a Docker
# Engine (docker.io: dockerd, containerd, runc and the docker CLI), Podman
# (podman, with conmon and containers-common's containers.conf), a static
# busybox to build the tiny local test image from, and ip/iptables to give the
# metadata-filter test a network namespace of its own, and Chromium for the
# HTML report's browser test (driven by playwright-core, which downloads no
# browser of its own), and git and patch, which the fix tests apply its diffs
# with, OpenSSH's server and client for the ssh:// tests (the suite runs its
# own sshd on loopback, never the machine's service), and openssl for the TLS
# certificates of the tcp:// tests, and PostgreSQL's server for the shared
# history (the suite runs its own cluster on a unix socket, never the machine's). Nothing is started here; the suite starts
# its own private engine.
set -euo pipefail

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v patch >/dev/null 2>&1 || missing+=(patch)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
command -v ssh-agent >/dev/null 2>&1 || missing+=(openssh-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-test-deps: the tests need ${missing[*]} from Debian; run as root or install them first" >&2
  exit 1
fi
echo "ensure-test-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
