import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Testing, TerraformStack } from 'cdktf';
import { Applier } from './applier';
import { DockerClient } from './docker-api';
import { clientLoop, haproxyStats, inspect, waitFor, type LoadReport } from './traffic';

/** Base image the e2e stacks build wsgiform's Dockerfiles on (scripts/provision.sh imports it). */
export const BASE_IMAGE = 'wsgiform/debian:bookworm';
/** A value every secret variable of the stacks accepts. */
export const PASSWORD = 'E2e-Secret.1234';
const OPENSTACK = '/usr/bin/openstack';

/** The fixed ports the e2e lanes publish, reserved out of the ephemeral range by provision.sh. */
const E2E_PORTS = [
  [35500, 35999],
  [36700, 36799],
  [38600, 38899],
];

/** Fails the lane (never skips) when scripts/provision.sh has not run. */
export function requireEngine(): void {
  if (!fs.existsSync('/var/run/docker.sock'))
    throw new Error('no Docker engine at /var/run/docker.sock: run scripts/provision.sh');
  if (spawnSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`image ${BASE_IMAGE} is missing: run scripts/provision.sh`);
  }
  if (!fs.existsSync(OPENSTACK))
    throw new Error(`${OPENSTACK} is missing (python3-openstackclient): run scripts/provision.sh`);
  // The lanes' fixed ports lie in the ephemeral range; unreserved, a client's local port can
  // take one and the next deployment's bind fails.
  const reserved = fs.readFileSync('/proc/sys/net/ipv4/ip_local_reserved_ports', 'utf8').trim();
  const ranges = reserved
    .split(',')
    .filter(Boolean)
    .map((r) => r.split('-').map(Number))
    .map(([from, to]) => [from, to ?? from]);
  const covered = (from: number, to: number) => ranges.some(([a, b]) => a <= from && to <= b);
  if (!E2E_PORTS.every(([from, to]) => covered(from, to)))
    throw new Error(
      `the e2e ports are not reserved (net.ipv4.ip_local_reserved_ports=${reserved || 'empty'}): run scripts/provision.sh`,
    );
}

/** A short deployment name unique to this run; every Docker object of the stack starts with it. */
export function uniqueName(prefix: string): string {
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
}

/**
 * A synthesized stack applied to the local engine with the strict applier, and what the tests
 * do with it: OpenStack clients through HAProxy, HAProxy's stats, faults under load, teardown.
 */
/** One create of the apply, as the applier logged it. */
interface ApplyEvent {
  readonly at: number;
  readonly done: boolean;
  readonly address: string;
}

export class Deployment {
  /**
   * Applies `stack`. `address` is where the deployment publishes its ports (the host's
   * `publishAddress`): the clients and load loops go there.
   */
  static async up(
    name: string,
    stack: TerraformStack,
    variables: Record<string, string>,
    address = '127.0.0.1',
  ): Promise<Deployment> {
    const logs: string[] = [];
    const events: ApplyEvent[] = [];
    const tf = JSON.parse(Testing.synth(stack)) as object;
    try {
      const applier = await Applier.apply(tf, {
        variables,
        log: (m) => {
          logs.push(m);
          const e = /^(creating|created) (\S+)/.exec(m);
          if (e) events.push({ at: Date.now(), done: e[1] === 'created', address: e[2] });
        },
      });
      return new Deployment(name, applier, events, address);
    } catch (e) {
      // The applier has already destroyed what it created.
      throw new Error(`${(e as Error).message}\n--- applier log (last 30):\n${logs.slice(-30).join('\n')}`);
    }
  }

  private constructor(
    readonly name: string,
    private applier: Applier | undefined,
    private readonly events: readonly ApplyEvent[] = [],
    /** Where the deployment's ports are published. */
    readonly address = '127.0.0.1',
  ) {}

  /**
   * Seconds each group of resources took to apply: from the start of its first create to the
   * end of its last (a container's create includes its wait for healthy). `groupOf` names the
   * group of a resource address, or undefined to leave it out.
   */
  applySeconds(groupOf: (address: string) => string | undefined): Record<string, number> {
    const spans = new Map<string, { from: number; to: number }>();
    for (const e of this.events) {
      const g = groupOf(e.address);
      if (g === undefined) continue;
      const s = spans.get(g) ?? { from: e.at, to: e.at };
      spans.set(g, { from: Math.min(s.from, e.at), to: e.done ? Math.max(s.to, e.at) : s.to });
    }
    return Object.fromEntries(
      [...spans.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, s]) => [g, (s.to - s.from) / 1000]),
    );
  }

  get lb(): string {
    return `${this.name}-lb`;
  }

  /** `openstack …` as admin through HAProxy's plain-HTTP Keystone port. */
  openstack(keystonePort: number, ...args: string[]): { status: number | null; out: string } {
    return this.openstackAt(`http://${this.address}:${keystonePort}/v3`, ...args);
  }

  /**
   * `openstack …` as admin against `authUrl`. The client gets a bare environment, so no CA bundle
   * or proxy setting of the caller's can decide whether a certificate is accepted.
   */
  openstackAt(authUrl: string, ...args: string[]): { status: number | null; out: string } {
    return this.client(OPENSTACK, authUrl, [
      ...['--os-identity-api-version', '3', '--os-volume-api-version', '3'],
      ...args,
    ]);
  }

  /**
   * A keystoneauth-based command-line client (`/usr/bin/openstack`, `/usr/bin/freezer`) as admin
   * against `authUrl`, in a bare environment.
   */
  client(binary: string, authUrl: string, args: string[]): { status: number | null; out: string } {
    const r = spawnSync(
      binary,
      [
        ...['--os-auth-url', authUrl, '--os-username', 'admin', '--os-password', PASSWORD],
        ...[
          '--os-project-name',
          'admin',
          '--os-user-domain-name',
          'Default',
          '--os-project-domain-name',
          'Default',
        ],
        ...args,
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
      },
    );
    return { status: r.status, out: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
  }

  /** Like {@link client}, but throws with the containers' logs when the command fails. */
  mustClient(binary: string, keystonePort: number, args: string[]): string {
    const r = this.client(binary, `http://${this.address}:${keystonePort}/v3`, args);
    if (r.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed:\n${r.out}\n${this.logs()}`);
    return r.out;
  }

  /** Like {@link openstack}, but throws with the containers' logs when the command fails. */
  mustOpenstack(keystonePort: number, ...args: string[]): string {
    const r = this.openstack(keystonePort, ...args);
    if (r.status !== 0) throw new Error(`openstack ${args.join(' ')} failed:\n${r.out}\n${this.logs()}`);
    return r.out;
  }

  /** Everything a container of the deployment wrote to stdout and stderr. */
  containerLog(container: string): string {
    const r = spawnSync('docker', ['logs', container], { encoding: 'utf8', timeout: 30_000 });
    return `${r.stdout ?? ''}${r.stderr ?? ''}`;
  }

  /** `docker ps` of the deployment and the last log lines of every container not healthy. */
  logs(): string {
    const r = spawnSync(
      'docker',
      ['ps', '-a', '--filter', `name=${this.name}`, '--format', '{{.Names}}\t{{.Status}}'],
      {
        encoding: 'utf8',
      },
    );
    let text = r.stdout;
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      if (/\(healthy\)|Exited \(0\)/.test(line)) continue;
      const c = line.split('\t')[0];
      const l = spawnSync('docker', ['logs', '--tail', '40', c], { encoding: 'utf8' });
      text += `\n--- ${c}\n${l.stdout}${l.stderr}`;
    }
    return text;
  }

  /** Docker's health status of one container (healthy, unhealthy, starting), or undefined. */
  health(container: string): string | undefined {
    return inspect(container).State.Health?.Status;
  }

  /** Memory in use by each container of the deployment, in MiB (`docker stats`). */
  memoryMiB(): Record<string, number> {
    const r = spawnSync('docker', ['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const units: Record<string, number> = { B: 1 / 1048576, KiB: 1 / 1024, MiB: 1, GiB: 1024 };
    const out: Record<string, number> = {};
    for (const line of r.stdout.split('\n')) {
      const [c, usage] = line.split('\t');
      if (!c?.startsWith(this.name)) continue;
      const m = /^([\d.]+)(B|KiB|MiB|GiB)/.exec(usage ?? '');
      if (m) out[c] = Math.round(Number(m[1]) * units[m[2]]);
    }
    return out;
  }

  /** Status of one server in HAProxy's stats (UP, DOWN, …), or undefined. */
  serverStatus(backend: string, server: string): string | undefined {
    return haproxyStats(this.lb).find((r) => r.pxname === backend && r.svname === server)?.status;
  }

  /** True when `url` answers 2xx from inside the load balancer container. */
  probeFromLb(url: string): boolean {
    return (
      spawnSync('docker', ['exec', this.lb, 'curl', '-fsS', '-o', '/dev/null', '--max-time', '2', url], {
        timeout: 10_000,
      }).status === 0
    );
  }

  /** GET `url` from inside the load balancer container with extra headers: status and body. */
  getFromLb(url: string, headers: Record<string, string>): { status: number; body: string } {
    return curl(['docker', 'exec', this.lb, 'curl'], url, headers, `from ${this.lb}`);
  }

  /**
   * Kills PID 1 of `container` with SIGKILL under a 30 s, 20 req/s client loop on `traffic`, and
   * measures the seconds until Docker restarted it, HAProxy has `server` UP again in `backend`
   * and `probeUrl` answers from the load balancer.
   */
  async crash(
    container: string,
    backend: string,
    server: string,
    probeUrl: string,
    traffic: readonly { port: number; path: string }[],
  ): Promise<{ seconds: number; load: LoadReport }> {
    const before = inspect(container);
    const load = clientLoop(
      traffic.map((t) => ({ host: this.address, ...t })),
      20,
      30,
      new Promise((r) => setTimeout(r, 30_000)),
    );
    await new Promise((r) => setTimeout(r, 3000));
    const killedAt = Date.now();
    process.kill(before.State.Pid, 'SIGKILL');
    let last = '';
    const seconds = await waitFor(
      `${container} back in service`,
      90,
      250,
      () => {
        const now = inspect(container);
        const status = this.serverStatus(backend, server);
        last = `restarts ${before.RestartCount}->${now.RestartCount}, started ${before.State.StartedAt}->${now.State.StartedAt}, ${now.State.Status}/${now.State.Health?.Status}, HAProxy ${status}`;
        // Started again since the kill: by the restart policy (RestartCount grows) or, if it
        // then turned unhealthy, by the watchdog (a manual restart resets RestartCount).
        const startedAgain =
          now.RestartCount > before.RestartCount || now.State.StartedAt !== before.State.StartedAt;
        if (!startedAgain || !now.State.Running || status !== 'UP') return undefined;
        return this.probeFromLb(probeUrl) ? (Date.now() - killedAt) / 1000 : undefined;
      },
      () => `last seen: ${last}\n${this.logs()}`,
    );
    return { seconds, load: await load };
  }

  /** Destroys the stack and returns what is left with the deployment's name (should be nothing). */
  async destroy(): Promise<string[]> {
    const a = this.applier;
    this.applier = undefined;
    if (a) await a.destroy();
    const docker = new DockerClient();
    const found: string[] = [];
    const cs = await docker.call<Array<{ Names: string[] }>>('GET', '/containers/json', {
      query: { all: 1 },
    });
    for (const x of cs) for (const n of x.Names) if (n.includes(this.name)) found.push(`container ${n}`);
    const ns = await docker.call<Array<{ Name: string }>>('GET', '/networks');
    for (const x of ns) if (x.Name.includes(this.name)) found.push(`network ${x.Name}`);
    const vs = await docker.call<{ Volumes: Array<{ Name: string }> | null }>('GET', '/volumes');
    for (const x of vs.Volumes ?? []) if (x.Name.includes(this.name)) found.push(`volume ${x.Name}`);
    return found;
  }
}

/** Fails with the first failures when a load report has any, and checks that enough was sent. */
export function expectNoFailures(
  figures: Record<string, unknown>,
  what: string,
  r: LoadReport,
  minSent: number,
): void {
  figures[what] = r;
  if (r.failed > 0)
    throw new Error(`${what}: ${r.failed} of ${r.sent} requests failed: ${r.failures.join('; ')}`);
  if (r.sent < minSent)
    throw new Error(`${what}: only ${r.sent} requests sent, expected at least ${minSent}`);
}

/**
 * A request to `url` from this host with curl: the status and body. `args` are more curl
 * arguments (`-X PUT --data-binary @file`, `-I` for the headers as the body). Throws when curl
 * itself fails.
 */
export function curlFromHost(
  url: string,
  headers: Record<string, string> = {},
  args: string[] = [],
): { status: number; body: string } {
  return curl(['curl', ...args], url, headers, 'from the host');
}

/** GET `url` from this host: the status and body. */
export function getFromHost(
  url: string,
  headers: Record<string, string> = {},
): { status: number; body: string } {
  return curlFromHost(url, headers);
}

function curl(
  command: string[],
  url: string,
  headers: Record<string, string>,
  where: string,
): { status: number; body: string } {
  const [binary, ...prefix] = command;
  const r = spawnSync(
    binary,
    [
      ...prefix,
      '-sS',
      '--max-time',
      '30',
      ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
      '-w',
      '\n%{http_code}',
      url,
    ],
    { encoding: 'utf8', timeout: 40_000 },
  );
  const lines = (r.stdout ?? '').split('\n');
  const status = Number(lines.pop());
  if (r.status !== 0 || !Number.isInteger(status))
    throw new Error(`curl ${url} ${where} failed: ${r.stderr ?? ''}${r.error?.message ?? ''}`);
  return { status, body: lines.join('\n') };
}
