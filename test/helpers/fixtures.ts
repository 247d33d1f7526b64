import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './processes';

/** The node NIC MAC that test/fixtures/nodes-9.yaml gives a node xname. */
export function nodeMacFromFixture(xname: string): string {
  const doc = parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'nodes-9.yaml'), 'utf8'));
  const node = doc.nodes.find((n: any) => n.xname === xname);
  if (!node) throw new Error(`${xname} is not in nodes-9.yaml`);
  return node.interfaces[0].mac_addr;
}
