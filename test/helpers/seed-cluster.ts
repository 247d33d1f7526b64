/**
 * The OpenCHAMI bootcamp's 9-node cluster as `hwctl inventory load` sends it (seeds/003,
 * gen_nodes_file.sh): nid001–nid009 = x1000c1s7b{1..9}n0, BMCs 172.16.0.101–109, nodes 172.16.0.1–9.
 */
export const nodeMac = (i: number) => `de:ad:be:ef:00:0${i}`;
export const bmcMac = (i: number) => `de:ad:be:ef:10:0${i}`;

export function seedCluster() {
  const nums = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  return {
    bmcs: nums.map((i) => ({ xname: `x1000c1s7b${i}`, mac: bmcMac(i), ip: `172.16.0.10${i}` })),
    nodes: nums.map((i) => ({
      xname: `x1000c1s7b${i}n0`,
      name: `nid00${i}`,
      nid: i,
      groups: ['compute'],
      interfaces: [{ mac: nodeMac(i), ips: [{ ip: `172.16.0.${i}`, network: 'management' }] }],
    })),
  };
}
