/**
 * The discovery walk of one BMC (reference/redfish.md §0): service root without credentials → Systems
 * (physical only, natural order) → Managers (+EthernetInterfaces, +HostInterfaces to recognise host-facing
 * NICs) → Chassis (+NetworkAdapters → NetworkPorts/Ports when a system reports no NIC) → the systems'
 * EthernetInterfaces, else their NetworkInterfaces (→ adapter ports, NetworkDeviceFunctions). Reset types come
 * from inline AllowableValues or the ActionInfo. Only links from `@odata.id` are followed, never paths built
 * from Ids (Intel's chassis Ids contain a slash).
 */
import { RedfishConnection } from './redfish-connection';
import { RedfishError } from './redfish-error';
import { expandFormFor, Fetcher, Member } from './redfish-fetcher';
import { isObject, Json, lastSegment, link, links, naturalCompare, num, pathKey, str } from './redfish-json';
import { lowestMac, nicFromDeviceFunction, nicFromEthernetInterface, nicsFromPort, offsetMac, orderNics, selectBmcMac } from './redfish-nics';
import { BmcInventory, ChassisInfo, ManagerInfo, NicInfo, ResetInfo, SystemInfo } from './redfish-walk.types';
import { canonicalResetType, HOST_MAC_QUIRKS, powerOpsOf, toManagerKind, toPowerState, toSystemKind } from './redfish-vendor.map';

export interface WalkOptions {
  /** The address we scanned (matched against manager NIC addresses for the BMC MAC). */
  address: string;
  port: number;
  /** Use $expand when advertised (default true). */
  expand?: boolean;
}

export const SERVICE_ROOT = '/redfish/v1/';

/** GET the service root without credentials and check it is Redfish (DSP0266 §7: the root needs no auth). */
export async function readServiceRoot(conn: RedfishConnection): Promise<Json> {
  let a = await conn.get(SERVICE_ROOT, { auth: false });
  // Some firmware (Nettrix, quirk 5) only answers the root without the trailing slash.
  if (a.status === 404) a = await conn.get(SERVICE_ROOT.slice(0, -1), { auth: false });
  // Non-compliant BMCs want credentials even here (reference §1.2: magellan drops them; we retry with auth).
  if (a.status === 401) a = await conn.get(SERVICE_ROOT);
  if (a.status === 401 || a.status === 403) {
    throw new RedfishError('BMC_AUTH_FAILED', `${conn.target}: the service root answered ${a.status}`, { target: conn.target, path: SERVICE_ROOT, status: a.status });
  }
  if (a.status !== 200) {
    throw new RedfishError('REDFISH_HTTP_ERROR', `${conn.target}: GET ${SERVICE_ROOT} answered ${a.status}: probably not a BMC`, { target: conn.target, path: SERVICE_ROOT, status: a.status });
  }
  if (a.body.kind !== 'resource') {
    throw new RedfishError('REDFISH_BAD_RESPONSE', `${conn.target}: the service root is not Redfish JSON`, { target: conn.target, path: SERVICE_ROOT, status: a.status });
  }
  const root = a.body.json;
  if (!str(root.RedfishVersion) && !link(root.Systems) && !link(root.Managers) && !link(root.Chassis)) {
    throw new RedfishError('REDFISH_BAD_RESPONSE', `${conn.target}: JSON at ${SERVICE_ROOT} has no RedfishVersion and no collections`, { target: conn.target, path: SERVICE_ROOT });
  }
  return root;
}

export async function walkBmc(conn: RedfishConnection, opts: WalkOptions): Promise<BmcInventory> {
  const started = Date.now();
  const root = await readServiceRoot(conn);
  const sessions = isObject(root.Links) ? link(root.Links.Sessions) : undefined;
  if (sessions) conn.sessionsPath = sessions;
  const f = new Fetcher(conn);
  f.expand = opts.expand === false ? undefined : expandFormFor(root);
  const expandUsed = f.expand;

  const coll = (v: unknown) => (link(v) ? f.collection(link(v)!, true) : Promise.resolve([] as Member[]));
  const [sysMembers, mgrMembers, chMembers] = await Promise.all([coll(root.Systems), coll(root.Managers), coll(root.Chassis)]);

  const physical = sysMembers
    .filter((m) => toSystemKind(m.json.SystemType) === 'physical')
    .sort((a, b) => naturalCompare(str(a.json.Id) ?? lastSegment(a.path), str(b.json.Id) ?? lastSegment(b.path)));
  const [managers, systems, chassis] = await Promise.all([
    Promise.all(mgrMembers.map((m) => readManager(f, m))),
    Promise.all(physical.map((m) => readSystem(f, m))),
    Promise.all(chMembers.map((m) => readChassis(f, m))),
  ]);

  // Redfish Host Interface NICs (DSP0270) face the host, not the network: drop them on both sides.
  const hostSide = new Set(managers.flatMap((m) => m.hostInterfaceNics.map((p) => pathKey(p))));
  for (const s of systems) s.nics = orderNics(s.nics, hostSide);
  await fillMissingHostNics(f, systems.map((s, i) => ({ s, json: physical[i].json })), chMembers, managers);
  claimUniqueMacs(f, systems, managers);

  return {
    address: opts.address,
    port: opts.port,
    redfishVersion: str(root.RedfishVersion),
    serviceUuid: str(root.UUID),
    vendor: str(root.Vendor),
    product: str(root.Product),
    expand: expandUsed,
    systems,
    managers: managers.sort((a, b) => naturalCompare(a.id, b.id)),
    chassis: chassis.sort((a, b) => naturalCompare(a.id, b.id)),
    ...selectBmcMac(managers, opts.address),
    warnings: f.warnings,
    stats: { requests: conn.stats.requests, retries: conn.stats.retries, durationMs: Date.now() - started },
  };
}

async function readSystem(f: Fetcher, m: Member): Promise<SystemInfo> {
  const j = m.json;
  const [reset, nics] = await Promise.all([resetInfo(f, j, '#ComputerSystem.Reset', true), ethernetInterfaces(f, j, true)]);
  const ps = isObject(j.ProcessorSummary) ? j.ProcessorSummary : {};
  const ms = isObject(j.MemorySummary) ? j.MemorySummary : {};
  const l = isObject(j.Links) ? j.Links : {};
  return {
    path: m.path,
    id: str(j.Id) ?? lastSegment(m.path),
    name: str(j.Name),
    kind: toSystemKind(j.SystemType),
    uuid: str(j.UUID),
    manufacturer: str(j.Manufacturer),
    model: str(j.Model),
    serialNumber: str(j.SerialNumber),
    biosVersion: str(j.BiosVersion),
    hostName: str(j.HostName),
    powerState: toPowerState(j.PowerState),
    reset,
    processors: { count: num(ps.Count), model: str(ps.Model) },
    memoryGiB: num(ms.TotalSystemMemoryGiB),
    nics,
    nicSource: nics.length > 0 ? 'ethernet-interfaces' : 'none',
    chassis: links(l.Chassis),
    managedBy: links(l.ManagedBy),
  };
}

async function readManager(f: Fetcher, m: Member): Promise<ManagerInfo> {
  const j = m.json;
  const [reset, nics, hostIf] = await Promise.all([resetInfo(f, j, '#Manager.Reset', false), ethernetInterfaces(f, j, true), hostInterfaces(f, j)]);
  return {
    path: m.path,
    id: str(j.Id) ?? lastSegment(m.path),
    name: str(j.Name),
    kind: toManagerKind(j.ManagerType),
    uuid: str(j.UUID),
    model: str(j.Model),
    firmwareVersion: str(j.FirmwareVersion),
    nics: orderNics(nics, new Set(hostIf.managerSide.map(pathKey))),
    hostInterfaceNics: [...hostIf.managerSide, ...hostIf.hostSide],
    reset,
  };
}

async function readChassis(f: Fetcher, m: Member): Promise<ChassisInfo> {
  const j = m.json;
  return {
    path: m.path,
    id: str(j.Id) ?? lastSegment(m.path),
    name: str(j.Name),
    chassisType: str(j.ChassisType),
    manufacturer: str(j.Manufacturer),
    model: str(j.Model),
    serialNumber: str(j.SerialNumber),
    powerState: toPowerState(j.PowerState),
    reset: await resetInfo(f, j, '#Chassis.Reset', false),
  };
}

async function ethernetInterfaces(f: Fetcher, j: Json, essential: boolean): Promise<NicInfo[]> {
  const p = link(j.EthernetInterfaces);
  if (!p) return [];
  const members = await f.collection(p, essential);
  return members.map((m) => nicFromEthernetInterface(m.path, m.json)).filter((n): n is NicInfo => n !== undefined);
}

/** HostInterfaces → the manager's host-facing NIC (ManagerEthernetInterface) and the host's (HostEthernetInterfaces). */
async function hostInterfaces(f: Fetcher, j: Json): Promise<{ managerSide: string[]; hostSide: string[] }> {
  const p = link(j.HostInterfaces);
  if (!p) return { managerSide: [], hostSide: [] };
  const his = await f.collection(p, false);
  const managerSide = his.map((h) => link(h.json.ManagerEthernetInterface)).filter((x): x is string => x !== undefined);
  const hostColls = await Promise.all(his.map((h) => (link(h.json.HostEthernetInterfaces) ? f.resource(link(h.json.HostEthernetInterfaces)!, false) : undefined)));
  const hostSide = hostColls.flatMap((c) => (c && Array.isArray(c.Members) ? links(c.Members) : []));
  return { managerSide, hostSide };
}

/** Actions[name]: inline ResetType@Redfish.AllowableValues, else the @Redfish.ActionInfo Parameters (reference §(c)). */
async function resetInfo(f: Fetcher, j: Json, name: string, essential: boolean): Promise<ResetInfo> {
  const actions = isObject(j.Actions) ? j.Actions : {};
  const a = isObject(actions[name]) ? actions[name] : undefined;
  if (!a) return { allowed: [], source: 'unknown', ops: [] };
  const target = str(a.target);
  const inline = strings(a['ResetType@Redfish.AllowableValues']);
  if (inline.length > 0) return done(target, inline, 'inline');
  const infoPath = typeof a['@Redfish.ActionInfo'] === 'string' ? a['@Redfish.ActionInfo'] : undefined;
  if (infoPath) {
    const info = await f.resource(infoPath, essential);
    const params = info && Array.isArray(info.Parameters) ? info.Parameters.filter(isObject) : [];
    const rt = params.find((p) => str(p.Name) === 'ResetType');
    const values = rt ? strings(rt.AllowableValues) : [];
    if (values.length > 0) return { ...done(target, values, 'action-info'), actionInfo: infoPath };
    return { target, allowed: [], source: 'unknown', actionInfo: infoPath, ops: [] };
  }
  return { target, allowed: [], source: 'unknown', ops: [] };
}

function done(target: string | undefined, raw: string[], source: ResetInfo['source']): ResetInfo {
  const allowed = [...new Set(raw.map(canonicalResetType))];
  return { target, allowed, source, ops: powerOpsOf(allowed) };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : [];
}

/**
 * Systems without a usable NIC (reference/redfish.md §4 order): host MACs from the NetworkAdapters of their
 * chassis (Links.Chassis, else every chassis), then from the system's NetworkInterfaces, then from the vendor
 * quirk table (Intel S2600: derived from the BMC MAC, as SMD does). Adapter ports come before
 * NetworkInterfaces because they name the physical ports only: on HPE iLO 5 (mockup hpe-proliant-xl675d-ilo5)
 * the one NetworkInterface leads to the same adapter, whose NetworkPorts name 94:40:c9:6a:42:da/db (the
 * system's EthernetInterfaces agree) while its NetworkDeviceFunctions add 14 NPAR partitions with MACs of their
 * own; Gigabyte/AMI's NetworkInterfaces have empty function collections and no adapter link at all.
 */
async function fillMissingHostNics(f: Fetcher, systems: { s: SystemInfo; json: Json }[], chassis: Member[], managers: ManagerInfo[]): Promise<void> {
  for (const { s, json } of systems) {
    if (s.nics.length > 0) continue;
    const linked = new Set(s.chassis.map(pathKey));
    const candidates = linked.size > 0 ? chassis.filter((c) => linked.has(pathKey(c.path))) : chassis;
    const adaptersRead = new Set<string>();
    const fromPorts = orderNics((await Promise.all(candidates.map((c) => adapterNics(f, c.json, adaptersRead)))).flat());
    if (fromPorts.length > 0) {
      s.nics = fromPorts;
      s.nicSource = 'network-adapters';
      continue;
    }
    const fromInterfaces = orderNics(await networkInterfaceNics(f, json, adaptersRead));
    if (fromInterfaces.length > 0) {
      s.nics = fromInterfaces;
      s.nicSource = 'network-interfaces';
      continue;
    }
    const quirk = HOST_MAC_QUIRKS.find((q) => q.applies(s));
    const base = lowestMac(managers.flatMap((m) => m.nics.map((n) => n.mac)));
    if (quirk && base) {
      s.nics = quirk.offsets
        .map((d) => offsetMac(base, d))
        .filter((m): m is string => m !== undefined)
        .map((m, i) => ({ path: `${s.path}#${quirk.name}/${i}`, id: `derived${i}`, mac: m, ipv4: [] }));
      s.nicSource = 'quirk';
      s.nicQuirk = quirk.name;
    }
  }
}

/** Host MACs named by the ports of a chassis' NetworkAdapters; records each adapter read in `read` (path keys). */
async function adapterNics(f: Fetcher, chassis: Json, read: Set<string>): Promise<NicInfo[]> {
  const p = link(chassis.NetworkAdapters);
  if (!p) return [];
  const adapters = await f.collection(p, false);
  for (const a of adapters) read.add(pathKey(a.path));
  const ports = await Promise.all(adapters.map((a) => portNics(f, link(a.json.Ports) ?? link(a.json.NetworkPorts))));
  return ports.flat();
}

async function portNics(f: Fetcher, path: string | undefined): Promise<NicInfo[]> {
  if (!path) return [];
  const ports = await f.collection(path, false);
  return ports.flatMap((port) => nicsFromPort(port.path, port.json));
}

/**
 * Host MACs through ComputerSystem.NetworkInterfaces (DSP0268 NetworkInterface): for each interface the
 * ports it names (its own Ports/NetworkPorts link, else those of Links.NetworkAdapter), and only when they
 * name no MAC its NetworkDeviceFunctions (Ethernet.MACAddress / PermanentMACAddress). An adapter already read
 * through the chassis is not read again, and a resource two interfaces share is read once (memoised), so
 * the extra GETs are the interfaces plus what actually has to be looked at.
 */
async function networkInterfaceNics(f: Fetcher, system: Json, adaptersRead: Set<string>): Promise<NicInfo[]> {
  const p = link(system.NetworkInterfaces);
  if (!p) return [];
  const interfaces = await f.collection(p, false);
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(path: string, read: () => Promise<T>): Promise<T> => {
    const key = pathKey(path);
    if (!memo.has(key)) memo.set(key, read());
    return memo.get(key) as Promise<T>;
  };
  const adapter = (path: string | undefined) => (path ? once(path, () => f.resource(path, false)) : Promise.resolve(undefined));
  const ports = (path: string | undefined) => (path ? once(path, () => portNics(f, path)) : Promise.resolve([]));
  const functions = (path: string | undefined) =>
    path ? once(path, async () => (await f.collection(path, false)).map((fn) => nicFromDeviceFunction(fn.path, fn.json)).filter((n): n is NicInfo => n !== undefined)) : Promise.resolve([]);

  const perInterface = await Promise.all(
    interfaces.map(async ({ json: ni }) => {
      const adapterPath = isObject(ni.Links) ? link(ni.Links.NetworkAdapter) : undefined;
      // The adapter's ports were read (and named nothing) when it came through the chassis.
      if (adapterPath === undefined || !adaptersRead.has(pathKey(adapterPath))) {
        const own = link(ni.Ports) ?? link(ni.NetworkPorts);
        const a = own ? undefined : await adapter(adapterPath);
        const fromPorts = await ports(own ?? (a ? (link(a.Ports) ?? link(a.NetworkPorts)) : undefined));
        if (fromPorts.length > 0) return fromPorts;
      }
      const own = link(ni.NetworkDeviceFunctions);
      const a = own ? undefined : await adapter(adapterPath);
      return functions(own ?? (a ? link(a.NetworkDeviceFunctions) : undefined));
    }),
  );
  return perInterface.flat();
}

/**
 * One MAC belongs to one component: a MAC reported by two systems (or by a system and the BMC) is kept on
 * the first and reported as a warning, so the inventory never gets a duplicate MAC (SMD would 409).
 */
function claimUniqueMacs(f: Fetcher, systems: SystemInfo[], managers: ManagerInfo[]): void {
  const owner = new Map<string, string>();
  const claim = (nics: NicInfo[], who: string) =>
    nics.filter((n) => {
      const prev = owner.get(n.mac);
      if (prev === undefined) return owner.set(n.mac, who), true;
      if (prev !== who) f.warn(n.path, `MAC ${n.mac} already reported by ${prev}`);
      return false;
    });
  for (const m of [...managers].sort((a, b) => naturalCompare(a.id, b.id))) m.nics = claim(m.nics, m.path);
  for (const s of systems) s.nics = claim(s.nics, s.path);
}
