#!/usr/bin/env node
'use strict';
// `npm run test:interop` starts here: the interop suites need real third-party peers. When one is
// missing we FAIL with the full list (never skip): a green run must mean the protocols were proven.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const mockups = path.resolve(root, process.env.HWCTL_MOCKUPS_DIR || '../shared/redfish-mockups');
const problems = [];

const commands = {
  curl: 'apt-get install curl (scripts/install-peers.sh)',
  openssl: 'apt-get install openssl (the Redfish simulator makes its BMC certificates with it; scripts/install-peers.sh)',
  jq: 'apt-get install jq (scripts/install-peers.sh)',
  ipmitool: 'apt-get install ipmitool (scripts/install-peers.sh)',
  ipmipower: 'apt-get install freeipmi-tools (scripts/install-peers.sh)',
  ipmiconsole: 'apt-get install freeipmi-tools (scripts/install-peers.sh)',
  ipmi_sim: 'apt-get install openipmi (scripts/install-peers.sh)',
  script: 'apt-get install bsdutils (gives SOL consoles a pseudo-terminal in the IPMI interop tests)',
  'cloud-init': 'apt-get install cloud-init (scripts/install-peers.sh)',
  ip: 'apt-get install iproute2 (scripts/install-peers.sh)',
  busybox: 'apt-get install busybox udhcpc (scripts/install-peers.sh)',
  dhclient: 'apt-get install isc-dhcp-client (scripts/install-peers.sh)',
  perfdhcp: 'apt-get install kea-admin (scripts/install-peers.sh)',
  nmap: 'apt-get install nmap (scripts/install-peers.sh)',
  tftp: 'apt-get install tftp-hpa (scripts/install-peers.sh)',
  atftp: 'apt-get install atftp (scripts/install-peers.sh)',
  'qemu-system-x86_64': 'apt-get install qemu-system-x86 (the PXE e2e VM; scripts/install-peers.sh)',
  python3: 'apt-get install python3 (the PXE e2e test answers iPXE\'s IPv6 router solicitations with it)',
};
for (const [cmd, hint] of Object.entries(commands)) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
  } catch {
    problems.push(`missing command "${cmd}": ${hint}`);
  }
}
if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  problems.push('not root: the interop suites bind privileged ports and create network namespaces');
}
const files = {
  '/usr/lib/ipxe/qemu/efi-e1000.rom': 'apt-get install ipxe-qemu (the PXE e2e VM\'s iPXE NIC ROM; scripts/install-peers.sh)',
  '/usr/lib/ipxe/undionly.kpxe': 'apt-get install ipxe (TFTP interop and the PXE e2e chainload; scripts/install-peers.sh)',
};
for (const [file, hint] of Object.entries(files)) {
  if (!fs.existsSync(file)) problems.push(`missing file ${file}: ${hint}`);
}
if (!fs.existsSync(path.join(mockups, 'dmtf-public-rackmount1'))) {
  problems.push(`Redfish mockups not found at ${mockups} (set HWCTL_MOCKUPS_DIR)`);
}
if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js')) || !fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) {
  problems.push('dist/ is missing: run `npm run build` first (the e2e suite runs the built hwctld and hwctl)');
}
if (problems.length > 0) {
  process.stderr.write(`test:interop prerequisites missing:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('test:interop prerequisites: all present\n');
