/**
 * Where a bench phase's time goes, measured from outside the processes: CPU time of FerretDB, Redis and the worker
 * (from /proc, Linux only) and the commands FerretDB answered (its Prometheus counters on the debug listener).
 * Anything not found (another OS, no debug listener) is left out of the report rather than guessed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms, or null when it cannot be read. */
export function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** The pid listening on a TCP port on 127.0.0.1 (through `ss`), and its other listening ports. */
export function listener(port: number): { pid: number; ports: number[] } | null {
  try {
    const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
    const rows = out
      .split('\n')
      .map((l) => ({ port: Number(/:(\d+)\s/.exec(l)?.[1]), pid: Number(/pid=(\d+)/.exec(l)?.[1]) }))
      .filter((r) => r.port && r.pid);
    const pid = rows.find((r) => r.port === port)?.pid;
    return pid ? { pid, ports: rows.filter((r) => r.pid === pid && r.port !== port).map((r) => r.port) } : null;
  } catch {
    return null;
  }
}

/** FerretDB's answered requests by command, from `/debug/metrics` on its debug listener. */
export async function ferretCommands(debugPorts: number[]): Promise<Map<string, number> | null> {
  for (const port of debugPorts) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/debug/metrics`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) continue;
      const counts = new Map<string, number>();
      for (const line of (await res.text()).split('\n')) {
        const m = /^ferretdb_client_requests_total\{([^}]*)\} (\d+)/.exec(line);
        const command = m && /command="([^"]+)"/.exec(m[1])?.[1];
        if (command) counts.set(command, (counts.get(command) ?? 0) + Number(m[2]));
      }
      return counts;
    } catch {
      // not the metrics listener
    }
  }
  return null;
}

/**
 * Waits until FerretDB and the given processes (the api) have been idle for `quietMs` (under a tenth of a core each,
 * at most `maxMs` in all): requests a client gave up on are still answered, and a read measured meanwhile would be
 * charged for them. Returns the wait.
 */
export async function settle(pids: (number | undefined)[], mongoPort: number, quietMs = 2000, maxMs = 300_000) {
  const all = [listener(mongoPort)?.pid, ...pids].filter((p): p is number => !!p);
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    const before = all.map(cpuMs);
    await new Promise((r) => setTimeout(r, quietMs));
    if (all.every((pid, i) => (cpuMs(pid) ?? 0) - (before[i] ?? 0) < quietMs / 10)) break;
  }
  return Date.now() - t0;
}

export interface ProbeReport {
  wallMs: number;
  cpuMs: Record<string, number>;
  commands: Record<string, number>;
}

/** Starts measuring (FerretDB too unless `mongoPort` is 0); the returned function reports the differences. */
export async function probe(pids: Record<string, number | undefined>, mongoPort: number) {
  const ferret = mongoPort ? listener(mongoPort) : null;
  const all = { ...(ferret && { ferretdb: ferret.pid }), ...pids };
  const cpu0 = Object.fromEntries(Object.entries(all).map(([k, pid]) => [k, cpuMs(pid)]));
  const cmd0 = ferret ? await ferretCommands(ferret.ports) : null;
  const t0 = Date.now();
  return async (): Promise<ProbeReport> => {
    const wallMs = Date.now() - t0;
    const cmd1 = ferret ? await ferretCommands(ferret.ports) : null;
    const cpu: Record<string, number> = {};
    for (const [k, pid] of Object.entries(all)) {
      const [a, b] = [cpu0[k], cpuMs(pid)];
      if (a !== null && b !== null) cpu[k] = b - a;
    }
    const commands: Record<string, number> = {};
    if (cmd0 && cmd1) for (const [k, v] of cmd1) if (v - (cmd0.get(k) ?? 0) > 0) commands[k] = v - (cmd0.get(k) ?? 0);
    return { wallMs, cpuMs: cpu, commands };
  };
}

export function formatProbe(p: ProbeReport, per: number, unit: string): string {
  const cpu = Object.entries(p.cpuMs)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');
  const cmds = Object.entries(p.commands)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v} (${(v / per).toFixed(2)}/${unit})`)
    .join(', ');
  return `  wall ${(p.wallMs / 1000).toFixed(1)} s; CPU: ${cpu || 'n/a'}\n  FerretDB commands: ${cmds || 'n/a'}`;
}
