import { LineCounter, parseDocument } from 'yaml';
import { convertFlat, FLAT_ONLY_KEYS } from './flat-format.converter';
import { convertOchami } from './ochami-format.converter';
import { FieldReader, Path, pathText, YamlMap } from './nodes-file.reader';
import { FileProblem, LoadBody, NodesFileFormat } from './nodes-file.types';

export interface ParsedNodesFile {
  format?: NodesFileFormat;
  /** Set only when there are no problems: nothing is sent unless the whole file is right. */
  body?: Omit<LoadBody, 'overwrite'>;
  problems: FileProblem[];
}

const TOP_KEYS = new Set(['bmcs', 'nodes']);

/**
 * Reads a nodes file (YAML or JSON) in either supported format and converts it to the load body.
 * Pure: text in, body or every problem (with its path and line) out.
 *
 * Format: a `bmcs:` list, or any node with `bmc:`, means the ochami `discover static` format; a node
 * with a flat-only key (`group`, `bmc_mac`, `bmc_ip`, `mac`, …) means the flat gen_nodes_file.sh
 * format. Nodes with only the keys both share read the same either way.
 */
export function parseNodesFile(text: string): ParsedNodesFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        path: '(yaml)',
        message: e.message.split('\n')[0],
        line: lines.linePos(e.pos[0]).line,
      })),
    };
  }
  const lineOf = (path: Path): number | undefined => {
    // A missing key has no line of its own: point at the closest enclosing node that exists.
    for (let p = path; p.length > 0; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };

  const r = new FieldReader();
  const root = r.map(doc.toJS({ maxAliasCount: 1000 }) ?? {}, []);
  let format: NodesFileFormat | undefined;
  let converted: Omit<LoadBody, 'overwrite'> | undefined;
  if (root) {
    r.knownKeys(root, [], TOP_KEYS);
    format = detectFormat(root);
    converted = format === 'ochami' ? convertOchami(r, root) : convertFlat(r, root);
    if (r.problems.length === 0 && converted.nodes.length === 0 && converted.bmcs.length === 0) {
      r.problem([], 'no nodes and no bmcs: nothing to load');
    }
  }
  const problems = r.problems.map((p) => ({ path: pathText(p.path), message: p.message, line: lineOf(p.path) }));
  return { format, problems, ...(problems.length === 0 && converted ? { body: converted } : {}) };
}

export function detectFormat(root: YamlMap): NodesFileFormat {
  if ('bmcs' in root) return 'ochami';
  const nodes = Array.isArray(root.nodes) ? root.nodes : [];
  const isObj = (n: unknown): n is YamlMap => n !== null && typeof n === 'object' && !Array.isArray(n);
  if (nodes.some((n) => isObj(n) && 'bmc' in n)) return 'ochami';
  if (nodes.some((n) => isObj(n) && Object.keys(n).some((k) => FLAT_ONLY_KEYS.has(k)))) return 'flat';
  return 'ochami';
}

/** Counts what a body will create, the way hwctld counts it (a BMC's own MAC is an interface too). */
export function summarize(body: Omit<LoadBody, 'overwrite'>) {
  const bmcXnames = new Set([...body.bmcs.map((b) => b.xname), ...body.nodes.map((n) => n.bmc)]);
  const groups = new Set(body.nodes.flatMap((n) => n.groups));
  const interfaces = body.bmcs.filter((b) => b.mac).length + body.nodes.reduce((sum, n) => sum + n.interfaces.length, 0);
  return { bmcs: bmcXnames.size, nodes: body.nodes.length, interfaces, groups: groups.size };
}
