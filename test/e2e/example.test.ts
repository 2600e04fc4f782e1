// End to end: deploys examples/keystone-cinder-apache with the test-only applier against the
// local Docker engine, talks to it with the host's python3-openstackclient, destroys it and
// checks that nothing named with the deployment prefix remains.
// A missing engine, image or client fails this lane loudly: scripts/provision.sh makes them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { Testing } from 'cdktf';
import { KeystoneCinderApache } from '../../examples/keystone-cinder-apache/main';
import { Applier } from '../support/applier';
import { DockerClient } from '../support/docker-api';
import { clientLoop, haproxyStats, inspect, waitFor, type LoadReport } from '../support/traffic';

const BASE = 'wsgiform/debian:bookworm';
const OPENSTACK = '/usr/bin/openstack';
const KEYSTONE_PORT = 35500;
const CINDER_PORT = 38876;
const PASSWORD = 'E2e-Secret.1234';
// Short and unique per run; docker object names are `<deployment>-<role>`.
const DEPLOYMENT = `wsgie2e${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

jest.setTimeout(20 * 60_000);

const docker = new DockerClient();
const logs: string[] = [];
let applier: Applier | undefined;

beforeAll(() => {
  if (!fs.existsSync('/var/run/docker.sock'))
    throw new Error('no Docker engine at /var/run/docker.sock: run scripts/provision.sh');
  for (const img of [BASE]) {
    if (spawnSync('docker', ['image', 'inspect', img], { stdio: 'ignore' }).status !== 0)
      throw new Error(`image ${img} is missing: run scripts/provision.sh`);
  }
  if (!fs.existsSync(OPENSTACK)) throw new Error(`${OPENSTACK} is missing (python3-openstackclient)`);
});

/** Figures of this run, printed at the end (docs/e2e.md quotes them). */
const figures: Record<string, unknown> = {};

afterAll(async () => {
  console.log(`wsgiform e2e figures: ${JSON.stringify(figures, null, 2)}`);
  // Normally destroyed by the last test already; this covers a failure half way.
  if (applier) await applier.destroy();
});

function openstack(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(
    OPENSTACK,
    [
      '--os-auth-url',
      `http://127.0.0.1:${KEYSTONE_PORT}/v3`,
      '--os-username',
      'admin',
      '--os-password',
      PASSWORD,
      '--os-project-name',
      'admin',
      '--os-user-domain-name',
      'Default',
      '--os-project-domain-name',
      'Default',
      '--os-identity-api-version',
      '3',
      ...args,
    ],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, PATH: '/usr/bin:/bin' } },
  );
  return { status: r.status, out: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
}

function containerLogs(): string {
  const r = spawnSync(
    'docker',
    ['ps', '-a', '--filter', `name=${DEPLOYMENT}`, '--format', '{{.Names}}\t{{.Status}}'],
    {
      encoding: 'utf8',
    },
  );
  let text = r.stdout;
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    if (/\(healthy\)|Exited \(0\)/.test(line)) continue;
    const name = line.split('\t')[0];
    const l = spawnSync('docker', ['logs', '--tail', '40', name], { encoding: 'utf8' });
    text += `\n--- ${name}\n${l.stdout}${l.stderr}`;
  }
  return text;
}

async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  const cs = await docker.call<Array<{ Names: string[] }>>('GET', '/containers/json', { query: { all: 1 } });
  for (const x of cs) for (const n of x.Names) if (n.includes(DEPLOYMENT)) found.push(`container ${n}`);
  const ns = await docker.call<Array<{ Name: string }>>('GET', '/networks');
  for (const x of ns) if (x.Name.includes(DEPLOYMENT)) found.push(`network ${x.Name}`);
  const vs = await docker.call<{ Volumes: Array<{ Name: string }> | null }>('GET', '/volumes');
  for (const x of vs.Volumes ?? []) if (x.Name.includes(DEPLOYMENT)) found.push(`volume ${x.Name}`);
  return found;
}

describe('examples/keystone-cinder-apache on the local engine', () => {
  it('applies', async () => {
    const stack = new KeystoneCinderApache(Testing.app(), 'e2e', {
      baseImage: BASE,
      deploymentName: DEPLOYMENT,
      keystonePort: KEYSTONE_PORT,
      cinderPort: CINDER_PORT,
    });
    const tf = JSON.parse(Testing.synth(stack)) as object;
    try {
      applier = await Applier.apply(tf, {
        variables: {
          admin_password: PASSWORD,
          keystone_db_password: PASSWORD,
          cinder_db_password: PASSWORD,
          cinder_service_password: PASSWORD,
        },
        log: (m) => logs.push(m),
      });
    } catch (e) {
      // The applier has already destroyed what it created; keep its progress for the report.
      throw new Error(`${(e as Error).message}\n--- applier log (last 30):\n${logs.slice(-30).join('\n')}`);
    }
    expect(applier.state.size).toBeGreaterThan(0);
  });

  it('issues a Keystone token through the load balancer', () => {
    expect(applier).toBeDefined();
    const r = openstack('token', 'issue', '-f', 'value', '-c', 'id');
    if (r.status !== 0) throw new Error(`token issue failed:\n${r.out}\n${containerLogs()}`);
    expect(r.out.trim().length).toBeGreaterThan(20);
  });

  it('creates and lists a Cinder volume type', () => {
    expect(applier).toBeDefined();
    const created = openstack(
      '--os-volume-api-version',
      '3',
      'volume',
      'type',
      'create',
      'e2e-type',
      '-f',
      'value',
      '-c',
      'name',
    );
    if (created.status !== 0)
      throw new Error(`volume type create failed:\n${created.out}\n${containerLogs()}`);
    const listed = openstack(
      '--os-volume-api-version',
      '3',
      'volume',
      'type',
      'list',
      '-f',
      'value',
      '-c',
      'Name',
    );
    if (listed.status !== 0) throw new Error(`volume type list failed:\n${listed.out}\n${containerLogs()}`);
    expect(listed.out.split('\n').map((s) => s.trim())).toContain('e2e-type');
  });

  const lb = () => `${DEPLOYMENT}-lb`;
  const traffic = [
    { port: KEYSTONE_PORT, path: '/v3' },
    { port: CINDER_PORT, path: '/' },
  ];
  const server = (stats: ReturnType<typeof haproxyStats>, backend: string, name: string) =>
    stats.find((r) => r.pxname === backend && r.svname === name);
  const probeFromLb = (name: string, port: number) =>
    spawnSync(
      'docker',
      [
        'exec',
        lb(),
        'curl',
        '-fsS',
        '-o',
        '/dev/null',
        '--max-time',
        '2',
        `http://${name}:${port}/healthcheck`,
      ],
      {
        timeout: 10_000,
      },
    ).status === 0;
  const expectNoFailures = (what: string, r: LoadReport, minSent: number) => {
    figures[what] = r;
    if (r.failed > 0)
      throw new Error(`${what}: ${r.failed} of ${r.sent} requests failed: ${r.failures.join('; ')}`);
    expect(r.sent).toBeGreaterThanOrEqual(minSent);
  };

  it('sends traffic to both replicas of each service', async () => {
    expect(applier).toBeDefined();
    const r = await clientLoop(traffic, 20, 4, new Promise(() => undefined));
    expectNoFailures('steady state, 4 s at 20 req/s', r, 75);
    const stats = haproxyStats(lb());
    const sessions: Record<string, number> = {};
    for (const svc of ['keystone', 'cinder']) {
      for (const i of [1, 2]) {
        const name = `${DEPLOYMENT}-${svc}-${i}`;
        const row = server(stats, svc, name);
        expect(row?.status).toBe('UP');
        sessions[name.slice(DEPLOYMENT.length + 1)] = Number(row!.stot);
        expect(Number(row!.stot)).toBeGreaterThan(10);
      }
    }
    figures['sessions per server (HAProxy stot)'] = sessions;
  });

  it('brings a Keystone replica killed with SIGKILL back into service within 15 s, with no failed request', async () => {
    expect(applier).toBeDefined();
    const name = `${DEPLOYMENT}-keystone-1`;
    const before = inspect(name);
    let recovered!: () => void;
    const done = new Promise<void>((r) => (recovered = r));
    const load = clientLoop(traffic, 20, 30, new Promise((r) => setTimeout(r, 30_000)));
    await new Promise((r) => setTimeout(r, 3000));
    const killedAt = Date.now();
    process.kill(before.State.Pid, 'SIGKILL');
    const seconds = await waitFor('killed replica back in service', 60, 250, () => {
      const now = inspect(name);
      if (now.RestartCount <= before.RestartCount || !now.State.Running) return undefined;
      if (server(haproxyStats(lb()), 'keystone', name)?.status !== 'UP') return undefined;
      return probeFromLb(name, 5000) ? (Date.now() - killedAt) / 1000 : undefined;
    });
    recovered();
    await done;
    figures['crash: seconds from SIGKILL to back in service'] = seconds;
    figures['crash: docker restart count'] = inspect(name).RestartCount;
    expectNoFailures('crash: 30 s at 20 req/s', await load, 570);
    expect(seconds).toBeLessThanOrEqual(15);
  });

  it('has the watchdog restart a Cinder replica that stays unhealthy, with no failed request', async () => {
    expect(applier).toBeDefined();
    const name = `${DEPLOYMENT}-cinder-1`;
    const startedBefore = inspect(name).State.StartedAt;
    let recovered!: () => void;
    const done = new Promise<void>((r) => (recovered = r));
    const load = clientLoop(traffic, 20, 150, done);
    await new Promise((r) => setTimeout(r, 2000));
    const sickAt = Date.now();
    // oslo.middleware's disable-by-file switch: /healthcheck answers 503, the API still works.
    expect(spawnSync('docker', ['exec', name, 'touch', '/etc/cinder/healthcheck_disable']).status).toBe(0);
    try {
      const unhealthy = await waitFor('Docker marks the replica unhealthy', 90, 500, () =>
        inspect(name).State.Health?.Status === 'unhealthy' ? (Date.now() - sickAt) / 1000 : undefined,
      );
      const restarted = await waitFor('the watchdog restarts it', 60, 500, () =>
        inspect(name).State.StartedAt !== startedBefore ? (Date.now() - sickAt) / 1000 : undefined,
      );
      const healthy = await waitFor('the replica is healthy again', 120, 500, () =>
        inspect(name).State.Health?.Status === 'healthy' &&
        server(haproxyStats(lb()), 'cinder', name)?.status === 'UP'
          ? (Date.now() - sickAt) / 1000
          : undefined,
      );
      figures['sickness: seconds to unhealthy / watchdog restart / healthy and UP again'] = [
        unhealthy,
        restarted,
        healthy,
      ];
      // Unhealthy after retries (3) failed probes 10 s apart; the watchdog looks every 5 s.
      expect(restarted - unhealthy).toBeLessThanOrEqual(10);
    } finally {
      recovered();
    }
    const watchdogLog = spawnSync('docker', ['logs', `${DEPLOYMENT}-watchdog`], { encoding: 'utf8' });
    expect(`${watchdogLog.stdout}${watchdogLog.stderr}`).toContain(`${name} is unhealthy: restarting it`);
    expectNoFailures('sickness: 20 req/s until recovered', await load, 400);
  });

  it('destroys everything it created', async () => {
    expect(applier).toBeDefined();
    const a = applier!;
    applier = undefined;
    await a.destroy();
    expect(await leftovers()).toEqual([]);
  });
});
