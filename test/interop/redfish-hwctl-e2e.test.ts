/**
 * End to end with the built programs: `hwctl sim` (IPMI + Redfish faces, SSDP answers) in its own process,
 * the built hwctld, `hwctl scan --collect` from the built CLI, and curl + jq reading the inventory and the
 * scan's server-sent events the way a site script would. Needs `npm run build`, curl, jq, openssl.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Daemon, freePort, run } from '../helpers/processes';

const NET = '127.42.50';

describe('hwctl sim + hwctld + hwctl scan/collect/list + curl', () => {
  let sim: Daemon;
  let daemon: Daemon;
  let dir: string;
  let env: Record<string, string>;
  let url: string;
  let redfishPort: number;
  let ssdpPort: number;

  beforeAll(async () => {
    for (const f of ['dist/src/main.js', 'dist/src/cli/main.js', 'dist/simulators/main.js']) {
      if (!fs.existsSync(path.join(__dirname, '../..', f))) throw new Error(`${f} is missing: run npm run build`);
    }
    const [ipmiPort, rp, sp, httpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    [redfishPort, ssdpPort] = [rp, sp];
    sim = Daemon.start(process.execPath, ['bin/hwctl.js', 'sim', '--bmcs', '5', '--subnet', `${NET}.0/24`, '--ipmi-port', String(ipmiPort), '--redfish-port', String(redfishPort), '--redfish-ssdp-port', String(ssdpPort)], {});
    const deadline = Date.now() + 60_000;
    while (!sim.stdout.includes('ready') && Date.now() < deadline) {
      if (sim.child.exitCode !== null) throw new Error(`hwctl sim exited: ${sim.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sim.stdout).toContain(`redfish https/${redfishPort}, ssdp udp/${ssdpPort}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-rf-e2e-'));
    url = `http://127.0.0.1:${httpPort}`;
    env = {
      HWCTL_DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, HWCTL_DATA_DIR: path.join(dir, 'state'), HWCTL_HTTP_PORT: String(httpPort), HWCTL_URL: url,
      HWCTL_DISCOVERY_IPMI_PORT: String(ipmiPort), HWCTL_DISCOVERY_PORTS: String(redfishPort), HWCTL_DISCOVERY_SCHEDULER: 'false',
    };
    daemon = Daemon.start(process.execPath, ['bin/hwctld.js'], env);
    await daemon.waitHttp(`${url}/health`);
    const t = await run(process.execPath, ['bin/hwctl.js', 'token', 'create', '--scope', 'admin'], env);
    env.HWCTL_TOKEN = t.stdout.trim();
  });

  afterAll(async () => {
    await daemon?.stop();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scans the simulated rack, collects it, and the inventory shows it to curl + jq', async () => {
    const scan = await run(process.execPath, ['bin/hwctl.js', 'scan', '--subnet', `${NET}.0/29`, '--collect', '-u', 'admin', '-p', 'Password123!', '--timeout', '3s', '--json'], env);
    expect(scan.code).toBe(0);
    const records = JSON.parse(scan.stdout);
    expect(records.filter((r: any) => r.service_type === 'Redfish' && r.protocol === 'tcp')).toHaveLength(5);
    expect(records.filter((r: any) => r.service_type === 'IPMI')).toHaveLength(5);
    const nodes = await run('sh', ['-c', `curl -sS -H "Authorization: Bearer $HWCTL_TOKEN" "${url}/hsm/v2/State/Components?type=Node" | jq -r '.Components[].ID' | sort`], env);
    expect(nodes.stdout.trim().split('\n')).toEqual([1, 2, 3, 4, 5].map((k) => `x127c0s${42 * 256 + 50}b${k}n0`));
    const list = await run(process.execPath, ['bin/hwctl.js', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`x127c0s${42 * 256 + 50}b3`);
  });

  it('streams a scan\'s progress to curl as server-sent events', async () => {
    const start = await run('sh', ['-c', `curl -sS -X POST -H "Authorization: Bearer $HWCTL_TOKEN" -H 'Content-Type: application/json' -d '{"targets":["${NET}.0/28"],"ssdp":true,"ssdpPort":${ssdpPort},"ipmi":false,"timeout":"2s"}' ${url}/discovery/v1/scans | jq -r .id`], env);
    const id = start.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const sse = await run('sh', ['-c', `curl -sS -N --max-time 30 -H "Authorization: Bearer $HWCTL_TOKEN" ${url}/discovery/v1/scans/${id}/events`], env);
    const events = sse.stdout.split('\n\n').filter((e) => e.trim());
    const last = events[events.length - 1];
    expect(last).toContain('event: done');
    expect(JSON.parse(/data: (.*)/.exec(last)![1])).toMatchObject({ status: 'done', probed: 14, found: 5 });
    const results = await run('sh', ['-c', `curl -sS -H "Authorization: Bearer $HWCTL_TOKEN" ${url}/discovery/v1/scans/${id}/results | jq -r '[.results[] | select(.status == "ssdp")] | length'`], env);
    expect(results.stdout.trim()).toBe('5');
  });
});
