#!/usr/bin/env bash
# Debian packages the interop suites drive as real third-party peers. Idempotent; needs root.
# Each issue adds its peers here (IPMI: ipmitool, FreeIPMI, OpenIPMI; boot: DHCP clients, QEMU + iPXE; ...).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
  curl            # e2e: a real HTTP client against the daemon
  jq              # e2e: parses what curl gets, as site scripts do
  ipmitool        # IPMI interop (issue #3)
  freeipmi-tools  # ipmipower / ipmiconsole (issue #3)
  openipmi        # ipmi_sim: an independent BMC implementation (issue #3)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-peers: all ${#PACKAGES[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-peers: need root to install: ${missing[*]}" >&2
  exit 1
fi
echo "install-peers: installing ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
