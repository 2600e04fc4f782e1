import { spawnSync } from 'node:child_process';
import * as http from 'node:http';
import { HAPROXY_STATS_SOCKET } from '../../lib/render/haproxy';

/** What a bounded client loop saw. */
export interface LoadReport {
  readonly sent: number;
  readonly failed: number;
  readonly failures: string[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** One GET; a 2xx/3xx status is a success, anything else (or an error) a failure. */
function get(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ ok: boolean; ms: number; why: string }> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        resolve({ ok: code >= 200 && code < 400, ms: ms(), why: `${path} -> ${code}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ ok: false, ms: ms(), why: `${path} -> ${e.message}` }));
  });
}

/**
 * A bounded client loop: `ratePerSecond` idempotent GETs, spread round-robin over `targets` (on
 * `host`, 127.0.0.1 unless a target says otherwise), until `stop()` resolves or `maxSeconds`
 * pass, whichever comes first.
 */
export async function clientLoop(
  targets: readonly { host?: string; port: number; path: string }[],
  ratePerSecond: number,
  maxSeconds: number,
  stop: Promise<unknown>,
): Promise<LoadReport> {
  let stopped = false;
  void stop.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  const results: Promise<{ ok: boolean; ms: number; why: string }>[] = [];
  const deadline = Date.now() + maxSeconds * 1000;
  const interval = 1000 / ratePerSecond;
  let next = Date.now();
  for (let i = 0; !stopped && Date.now() < deadline; i++) {
    const t = targets[i % targets.length];
    results.push(get(t.host ?? '127.0.0.1', t.port, t.path, 30_000));
    next += interval;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  const done = await Promise.all(results);
  const ms = done.map((d) => d.ms).sort((a, b) => a - b);
  const pct = (p: number) =>
    ms.length ? ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] : NaN;
  const failures = done.filter((d) => !d.ok).map((d) => d.why);
  return {
    sent: done.length,
    failed: failures.length,
    failures: failures.slice(0, 20),
    p50Ms: round(pct(50)),
    p99Ms: round(pct(99)),
    maxMs: round(ms[ms.length - 1]),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** One row of HAProxy's `show stat`, by column name. */
export type StatRow = Record<string, string>;

/** HAProxy's `show stat` through the stats socket inside the load balancer container. */
export function haproxyStats(lbContainer: string): StatRow[] {
  const r = spawnSync(
    'docker',
    ['exec', lbContainer, 'sh', '-c', `echo "show stat" | socat stdio ${HAPROXY_STATS_SOCKET}`],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (r.status !== 0) throw new Error(`show stat failed: ${r.stderr}`);
  const [header, ...rows] = r.stdout.trim().split('\n');
  const cols = header.replace(/^# /, '').split(',');
  return rows.filter(Boolean).map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v])));
}

/** `docker inspect` of one container, as parsed JSON. */
export function inspect(name: string): any {
  const r = spawnSync('docker', ['inspect', name], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`docker inspect ${name}: ${r.stderr}`);
  return JSON.parse(r.stdout)[0];
}

/** Polls `check` every `everyMs` until it returns a value, or throws after `maxSeconds`. */
export async function waitFor<T>(
  what: string,
  maxSeconds: number,
  everyMs: number,
  check: () => T | undefined,
  explain: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${maxSeconds} s. ${explain()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
