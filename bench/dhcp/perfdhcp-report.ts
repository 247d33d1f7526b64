/**
 * Reads one perfdhcp (Kea 2.2) report: the DISCOVER-OFFER and REQUEST-ACK statistics blocks and, with
 * `-x t`, the per-exchange "sent / received" timestamps (seconds) from which delay percentiles come.
 * Same figures as ../shared/peers/dhcp-bench/parse.py.
 */
export interface ExchangeStats {
  sent: number;
  received: number;
  dropsPct: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
  p50Ms?: number;
  p99Ms?: number;
}

export interface PerfdhcpReport {
  discoverOffer: ExchangeStats;
  requestAck: ExchangeStats;
  /** Full DORA exchanges per second: ACKs received over the test period. */
  doraPerSecond: number;
  /** 1 − ACKs received / DISCOVERs sent, in percent: every way a DORA can fail. */
  doraFailPct: number;
}

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function parsePerfdhcp(text: string, periodSeconds: number): PerfdhcpReport {
  const stats: Record<string, Record<string, number>> = { DO: {}, RA: {} };
  const delays: Record<string, number[]> = { DO: [], RA: [] };
  let section: string | undefined;
  for (const line of text.split('\n')) {
    let m = /^\*\*\*Statistics for: (\S+)\*\*\*/.exec(line);
    if (m) {
      section = m[1] === 'DISCOVER-OFFER' ? 'DO' : m[1] === 'REQUEST-ACK' ? 'RA' : undefined;
      continue;
    }
    m = /^\*\*\*Timestamps for packets: (\S+)\*\*\*/.exec(line);
    if (m) {
      section = m[1] === 'DISCOVER-OFFER' ? 'TDO' : m[1] === 'REQUEST-ACK' ? 'TRA' : undefined;
      continue;
    }
    if (section === 'TDO' || section === 'TRA') {
      m = /^sent \/ received: (\S+) \/ (\S+)/.exec(line);
      if (m) delays[section.slice(1)].push((Number(m[2]) - Number(m[1])) * 1000);
      continue;
    }
    m = /^(sent packets|received packets|drops ratio|min delay|avg delay|max delay): ([\d.]+)/.exec(line);
    if (m && section && stats[section]) stats[section][m[1]] = Number(m[2]);
  }
  const block = (k: 'DO' | 'RA'): ExchangeStats => {
    const d = delays[k].sort((a, b) => a - b);
    const s = stats[k];
    return {
      sent: s['sent packets'] ?? 0,
      received: s['received packets'] ?? 0,
      dropsPct: s['drops ratio'] ?? 100,
      minMs: s['min delay'],
      avgMs: s['avg delay'],
      maxMs: s['max delay'],
      p50Ms: percentile(d, 50),
      p99Ms: percentile(d, 99),
    };
  };
  const discoverOffer = block('DO');
  const requestAck = block('RA');
  return {
    discoverOffer,
    requestAck,
    doraPerSecond: requestAck.received / periodSeconds,
    doraFailPct: discoverOffer.sent > 0 ? 100 * (1 - requestAck.received / discoverOffer.sent) : 100,
  };
}
