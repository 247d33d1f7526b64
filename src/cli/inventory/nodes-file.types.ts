/**
 * The body of hwctld's `POST /inventory/v1/load` (one transaction: BMCs, nodes, their NICs and group
 * memberships). Both nodes-file formats are converted to this; the daemon validates it again.
 */
export interface LoadBody {
  overwrite: boolean;
  bmcs: LoadBmc[];
  nodes: LoadNode[];
}

export interface LoadBmc {
  xname: string;
  name?: string;
  mac?: string;
  ip?: string;
  fqdn?: string;
}

export interface LoadNode {
  xname: string;
  name?: string;
  nid?: number;
  /** Always set by the parser: given in the file, or the node xname's parent (x1000c1s7b1n0 → x1000c1s7b1). */
  bmc: string;
  groups: string[];
  interfaces: LoadInterface[];
}

export interface LoadInterface {
  mac: string;
  ips: { ip: string; network?: string }[];
}

/** The daemon's answer: how many of each it created or updated. */
export interface LoadResult {
  bmcs: number;
  nodes: number;
  interfaces: number;
  groups: number;
}

export type NodesFileFormat = 'ochami' | 'flat';

/** One thing wrong with a nodes file, located by its path (`nodes[3].interfaces[0].mac_addr`) and line. */
export interface FileProblem {
  path: string;
  message: string;
  line?: number;
}
