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
  cloud-init      # `cloud-init schema` + NoCloud datasource via /usr/bin/python3 (issue #5)
  iproute2        # DHCP interop: network namespaces + veth pairs (issue #6)
  busybox         # DHCP interop: busybox udhcpc (issue #6)
  udhcpc          # DHCP interop: the udhcpc applet link (issue #6)
  isc-dhcp-client # DHCP interop: ISC dhclient (issue #6)
  nmap            # DHCP interop: dhcp-discover sends DHCPINFORM (issue #6); bench/discovery: the nmap -sT baseline (issue #4)
  openssl         # Redfish simulator: self-signed BMC certificates; Redfish interop (issue #4)
  kea-admin       # DHCP interop + bench/dhcp: ISC perfdhcp, a relay-agent load generator (issue #6)
  kea-dhcp4-server # bench/dhcp: Kea baseline (issue #6)
  dnsmasq-base    # bench/dhcp: dnsmasq baseline (issue #6)
  tftp-hpa        # TFTP interop: tftp-hpa client, plain RFC 1350 (issue #6)
  atftp           # TFTP interop: the client with RFC 7440 windowsize (issue #6)
  ipxe            # TFTP interop: Debian's iPXE binaries in /usr/lib/ipxe, the default HWCTL_TFTP_ROOT (issue #6)
  qemu-system-x86 # PXE e2e: a VM netbooting from hwctld under TCG (issue #6)
  ipxe-qemu       # PXE e2e: the VM's iPXE NIC ROM, /usr/lib/ipxe/qemu/efi-e1000.rom (issue #6)
  python3         # PXE e2e: a minimal IPv6 router (raw ICMPv6) so iPXE does not wait ~13 s (issue #6)
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
