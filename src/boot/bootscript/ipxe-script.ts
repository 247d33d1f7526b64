/**
 * The iPXE scripts BSS hands out, byte for byte (reference §3.2; OpenCHAMI/bss e4894b0
 * cmd/boot-script-service/default_api.go: buildParams, buildBootScript, unknownBootScript, BootscriptGet).
 * Pure functions: the service decides which script a request gets, these only spell it.
 *
 * Every body ends with one extra "\n" because BSS writes `fmt.Fprintf(w, "%s\n", script)` after a script
 * that already ends with a newline — the "trailing blank line" of the reference.
 */

/** A node's effective boot data (after group → node merging). Empty string = not set. */
export interface BootData {
  kernel: string;
  initrd: string;
  params: string;
}

/** BSS `scriptParams`: what the special kernel parameters are filled from. Empty string = omit. */
export interface ScriptNode {
  xname: string;
  nid: string;
  /** The MAC of the request (`?mac=`); BSS adds BOOTIF only for MAC requests. */
  mac: string;
}

export interface ScriptSettings {
  /** Where nodes reach us, without trailing slash: the chain URL is `<advertiseUrl>/boot/v1/bootscript…`. */
  advertiseUrl: string;
  /** cloud-init NoCloud seed URL without trailing slash (BSS_ADVERTISE_ADDRESS). */
  cloudInitUrl: string;
  /** `sleep` before retrying a failed boot (BSS_RETRY_DELAY, 30). */
  retryDelaySeconds: number;
  /** `sleep` before an unknown node asks again with its architecture (BSS_HSM_RETRIEVAL_DELAY, 10). */
  unknownDelaySeconds: number;
}

/** BSS paramExists: a token of the space-split params starts with `name`. */
function paramExists(params: string, name: string): boolean {
  return params.split(' ').some((tok) => tok.startsWith(name));
}

/** BSS checkParam: append ` name=value` unless the value is empty or the name is already there. */
function checkParam(params: string, name: string, value: string): string {
  return value !== '' && !paramExists(params, name) ? `${params} ${name}${value}` : params;
}

/**
 * BSS buildParams, including its quirks (kept because sites diff scripts across the migration):
 * the special parameters are appended with a leading space even to empty params, and when an initrd is
 * set the first "initrd" substring up to the next space is cut out (leaving its neighbours' spaces) and
 * "initrd=initrd " is put in front. Where BSS would index past the end (an "initrd…" last token) and
 * panic, we cut to the end of the string instead.
 */
export function buildParams(bd: BootData, node: ScriptNode, cloudInitUrl: string): string {
  let params = bd.params;
  params = checkParam(params, 'xname=', node.xname);
  params = checkParam(params, 'nid=', node.nid);
  if (node.mac !== '') params = checkParam(params, 'BOOTIF=', `01-${node.mac.replaceAll(':', '-')}`);
  // Tell cloud-init (NoCloud) where its seed is, unless the params already name a datasource.
  params = checkParam(params, 'ds=', `nocloud-net;s=${cloudInitUrl}/`);
  if (bd.initrd !== '') {
    const start = params.indexOf('initrd');
    if (start !== -1) {
      const end = params.indexOf(' ', start);
      params = params.slice(0, start) + (end === -1 ? '' : params.slice(end));
    }
    params = `initrd=initrd ${params}`;
  }
  return params;
}

/** Go's strings.Trim(s, " "). */
const trimSpaces = (s: string) => s.replace(/^ +| +$/g, '');

/** The chain line's URL back to us (BSS: BSS_CHAIN_PROTO://BSS_IPXE_SERVER BSS_GW_URI + path). */
export function chainUrl(settings: Pick<ScriptSettings, 'advertiseUrl'>, query: string): string {
  return `${settings.advertiseUrl}/boot/v1/bootscript?${query}`;
}

/** BSS buildBootScript for a node with a kernel; `chain` is the full `chain …` target URL. */
export function bootScript(bd: BootData, node: ScriptNode, chain: string, settings: ScriptSettings): string {
  let script = '#!ipxe\n';
  script += `kernel --name kernel ${bd.kernel} ${trimSpaces(buildParams(bd, node, settings.cloudInitUrl))} || goto boot_retry\n`;
  if (bd.initrd !== '') script += `initrd --name initrd ${bd.initrd} || goto boot_retry\n`;
  script += 'boot || goto boot_retry\n:boot_retry\n';
  script += `sleep ${settings.retryDelaySeconds}\nchain ${chain}\n`;
  return `${script}\n`;
}

/**
 * BSS unknownBootScript without an architecture: wait, then ask again with `arch=${buildarch}` (iPXE
 * fills in its build architecture) and a timestamp. `selector` is `mac=…`, `name=…` or `nid=…`.
 */
export function unknownNodeScript(selector: string, ts: number, settings: ScriptSettings): string {
  return `#!ipxe\nsleep ${settings.unknownDelaySeconds}\nchain ${chainUrl(settings, selector)}&arch=\${buildarch}&ts=${ts}\n\n`;
}

/**
 * BSS `?json=1`: the BootData JSON with params prefixed "kernel " (BootData{Params,Kernel{path},Initrd{path}}).
 * Go's encoder escapes <, >, & and U+2028/9; we do the same so the bytes match.
 */
export function bootDataJson(bd: BootData, node: ScriptNode, cloudInitUrl: string): string {
  const body = JSON.stringify({ params: `kernel ${buildParams(bd, node, cloudInitUrl)}`, kernel: { path: bd.kernel }, initrd: { path: bd.initrd } });
  return body.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
