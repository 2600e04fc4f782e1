// Tests for the strict test-only applier (test/support/applier.ts).
// The first half needs no Docker; the second half talks to the local engine only, creates
// objects named with a per-run prefix and removes them afterwards.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Applier } from '../support/applier';
import { doc } from '../support/applier-fixtures';
import { DockerClient } from '../support/docker-api';

// ---------------------------------------------------------------------------------------
// Against the real engine.
// ---------------------------------------------------------------------------------------

const BASE = 'wsgiform/debian:bookworm';
// A missing engine or base image fails this lane loudly: scripts/provision.sh makes both.
beforeAll(() => {
  if (!fs.existsSync('/var/run/docker.sock'))
    throw new Error('no Docker engine at /var/run/docker.sock: run scripts/provision.sh');
  if (spawnSync('docker', ['image', 'inspect', BASE], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`base image ${BASE} is missing: run scripts/provision.sh`);
  }
});

describe('the applier against the local engine', () => {
  jest.setTimeout(120_000);
  const run = `applier-test-${process.pid}-${Date.now().toString(36)}`;
  const docker = new DockerClient();
  const label = { label: 'wsgiform.applier-test', value: run };
  const appliers: Applier[] = [];
  const logs: string[] = [];
  const opts = { log: (m: string) => logs.push(m), parallelism: 4 };

  const c = (name: string, extra: object = {}): object => ({
    name: `${run}-${name}`,
    image: BASE,
    labels: [label],
    ...extra,
  });
  const stack = (resource: object): object => doc(resource);
  const apply = async (d: object, o: object = {}): Promise<Applier> => {
    const a = await Applier.apply(d, { ...opts, ...o });
    appliers.push(a);
    return a;
  };

  async function leftovers(): Promise<string[]> {
    const found: string[] = [];
    const cs = await docker.call<Array<{ Names: string[] }>>('GET', '/containers/json', {
      query: { all: 1 },
    });
    for (const x of cs) for (const n of x.Names) if (n.includes(run)) found.push(`container ${n}`);
    const ns = await docker.call<Array<{ Name: string }>>('GET', '/networks');
    for (const x of ns) if (x.Name.includes(run)) found.push(`network ${x.Name}`);
    const vs = await docker.call<{ Volumes: Array<{ Name: string }> | null }>('GET', '/volumes');
    for (const x of vs.Volumes ?? []) if (x.Name.includes(run)) found.push(`volume ${x.Name}`);
    const is = await docker.call<Array<{ RepoTags: string[] | null }>>('GET', '/images/json');
    for (const x of is) for (const t of x.RepoTags ?? []) if (t.includes(run)) found.push(`image ${t}`);
    return found;
  }

  afterAll(async () => {
    for (const a of appliers) await a.destroy().catch(() => undefined);
    // Belt and braces: remove anything still named with this run's prefix.
    spawnSync(
      'sh',
      [
        '-c',
        `docker ps -aq --filter name=${run} | xargs -r docker rm -f; docker network ls -q --filter name=${run} | xargs -r docker network rm; docker volume ls -q --filter name=${run} | xargs -r docker volume rm -f; docker images --format '{{.Repository}}:{{.Tag}}' | grep '${run}' | xargs -r docker rmi -f`,
      ],
      { stdio: 'ignore' },
    );
    expect(await leftovers()).toEqual([]);
  });

  it('connects to user networks with aliases instead of bridge, publishes ports on 127.0.0.1', async () => {
    const a = await apply(
      stack({
        docker_network: { net: { name: `${run}-net`, labels: [label] } },
        docker_container: {
          server: c('server', {
            command: ['sleep', 'infinity'],
            init: true,
            networks_advanced: [{ name: '${docker_network.net.name}', aliases: ['backend', 'api.internal'] }],
            ports: [{ internal: 8080, ip: '127.0.0.1' }],
          }),
          client: c('client', {
            command: ['getent', 'hosts', 'api.internal'],
            must_run: false,
            attach: true,
            logs: true,
            networks_advanced: [{ name: '${docker_network.net.id}' }],
            depends_on: ['docker_container.server'],
            lifecycle: {
              postcondition: [
                { condition: '${self.exit_code == 0}', error_message: 'alias did not resolve' },
              ],
            },
          }),
        },
      }),
    );
    const server = a.state.get('docker_container.server');
    const client = a.state.get('docker_container.client');
    expect(client?.attrs.exit_code).toBe(0);
    const serverIp = (server?.attrs.network_data as Array<{ network_name: string; ip_address: string }>)[0];
    expect(serverIp.network_name).toBe(`${run}-net`);
    expect(String(client?.attrs.container_logs)).toContain(serverIp.ip_address);
    const ports = server?.attrs.ports as Array<{ internal: number; external: number; ip: string }>;
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatchObject({ internal: 8080, ip: '127.0.0.1' });
    expect(ports[0].external).toBeGreaterThan(0);
    const inspect = await docker.call<{ NetworkSettings: { Networks: Record<string, unknown> } }>(
      'GET',
      `/containers/${server?.id}/json`,
    );
    expect(Object.keys(inspect.NetworkSettings.Networks)).toEqual([`${run}-net`]);
    await a.destroy();
    expect(a.state.size).toBe(0);
    expect(await leftovers()).toEqual([]);
    await a.destroy(); // idempotent
  });

  it('uploads before start with the provider modes, unescaping $${ and %%{', async () => {
    const script =
      '#!/bin/sh\necho "uid=$(id -u)"\' lit=$${HOME} pct=%%{x}\'\nstat -c "%a %U" /opt/app/run.sh /opt/app/exec.sh /etc/app/conf.ini /opt/app\n';
    const a = await apply(
      stack({
        docker_container: {
          job: c('upload', {
            user: 'nobody',
            command: ['/opt/app/run.sh'],
            must_run: false,
            attach: true,
            logs: true,
            upload: [
              { file: '/opt/app/run.sh', content: script, permissions: '0755' },
              { file: '/opt/app/exec.sh', content: 'true\n', executable: true },
              { file: '/etc/app/conf.ini', content_base64: Buffer.from('[x]\n').toString('base64') },
            ],
            lifecycle: {
              postcondition: [{ condition: '${self.exit_code == 0}', error_message: 'script failed' }],
            },
          }),
        },
      }),
    );
    const out = String(a.state.get('docker_container.job')?.attrs.container_logs);
    // 3.6.2 scans the raw log stream without demultiplexing (resource_docker_container_funcs.go:600), so every line
    // keeps Docker's 8-byte frame header: \x01 = stdout.
    expect(out.startsWith('\u0001\u0000\u0000\u0000')).toBe(true);
    expect(out).toContain('uid=65534 lit=${HOME} pct=%{x}\n');
    const modes = out
      .split('\n')
      .filter((l) => / root$/.test(l))
      .map((l) => l.slice(-8));
    // run.sh 0755, exec.sh 0744 (executable=true), conf.ini 0644, and the parent directory
    // the engine created for the upload: root-owned 0755.
    expect(modes).toEqual(['755 root', '744 root', '644 root', '755 root']);
    await a.destroy();
  });

  it('waits for healthy with wait=true', async () => {
    const t0 = Date.now();
    const a = await apply(
      stack({
        docker_container: {
          svc: c('healthy', {
            command: ['sleep', 'infinity'],
            init: true,
            healthcheck: {
              test: ['CMD-SHELL', 'test -e /tmp/ready || touch /tmp/ready; exit 0'],
              interval: '500ms',
              timeout: '2s',
              retries: 2,
            },
            wait: true,
            wait_timeout: 30,
            destroy_grace_seconds: 1,
          }),
        },
      }),
    );
    const id = a.state.get('docker_container.svc')?.id as string;
    const info = await docker.call<{ State: { Health: { Status: string } } }>(
      'GET',
      `/containers/${id}/json`,
    );
    expect(info.State.Health.Status).toBe('healthy');
    expect(Date.now() - t0).toBeLessThan(20_000);
    await a.destroy();
    expect(await leftovers()).toEqual([]);
  });

  it('fails wait on an unhealthy container after wait_timeout and cleans up', async () => {
    const t0 = Date.now();
    await expect(
      apply(
        stack({
          docker_network: { net: { name: `${run}-sick-net` } },
          docker_container: {
            svc: c('unhealthy', {
              command: ['sleep', 'infinity'],
              healthcheck: { test: ['CMD', 'false'], interval: '500ms', retries: 1 },
              wait: true,
              wait_timeout: 3,
              networks_advanced: [{ name: '${docker_network.net.name}' }],
            }),
          },
        }),
      ),
    ).rejects.toThrow(/container failed to be in healthy state/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3000);
    expect(await leftovers()).toEqual([]);
  });

  it('fails wait=true without any healthcheck at once', async () => {
    await expect(
      apply(stack({ docker_container: { svc: c('nohc', { command: ['sleep', 'infinity'], wait: true }) } })),
    ).rejects.toThrow(/does not have a healthcheck defined/);
    expect(await leftovers()).toEqual([]);
  });

  it('checks the exit_code postcondition of a one-shot container (pass and fail)', async () => {
    const job = (code: number): object =>
      stack({
        docker_container: {
          job: c(`job${code}`, {
            command: ['sh', '-c', `echo out; exit ${code}`],
            must_run: false,
            attach: true,
            lifecycle: {
              postcondition: [{ condition: '${self.exit_code == 0}', error_message: 'job failed' }],
            },
          }),
        },
      });
    const ok = await apply(job(0));
    expect(ok.state.get('docker_container.job')?.attrs.exit_code).toBe(0);
    await ok.destroy();
    await expect(apply(job(3))).rejects.toThrow(/postcondition failed: job failed \(self\.exit_code = 3\)/);
    expect(await leftovers()).toEqual([]);
  });

  it('deletes a container that exits immediately with must_run=true', async () => {
    await expect(
      apply(stack({ docker_container: { x: c('exits', { command: ['true'] }) } })),
    ).rejects.toThrow(/container exited immediately/);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses an image that is not present locally instead of pulling', async () => {
    await expect(
      apply(stack({ docker_image: { img: { name: `${run}/missing:1`, keep_locally: true } } })),
    ).rejects.toThrow(/not present locally.*pull/);
  });

  it('builds an image, creates volume + container, and destroy removes all of it', async () => {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'applier-ctx-'));
    try {
      fs.writeFileSync(
        path.join(ctx, 'Dockerfile'),
        `FROM ${BASE}\nARG GREETING\nRUN echo "$GREETING" > /greeting\n`,
      );
      const a = await apply(
        doc(
          {
            docker_image: {
              img: {
                name: `${run}/built:1`,
                keep_locally: false,
                triggers: { ctx: 'hash' },
                build: {
                  context: ctx,
                  build_args: { GREETING: 'hi-${var.who}' },
                  tag: [`${run}/built:extra`],
                  labels: { 'wsgiform.applier-test': run },
                },
              },
            },
            docker_volume: { data: { name: `${run}-data`, labels: [label] } },
            docker_container: {
              app: c('built', {
                image: '${docker_image.img.image_id}',
                command: ['sh', '-c', 'cat /greeting > /data/g; cat /data/g'],
                volumes: [{ volume_name: '${docker_volume.data.name}', container_path: '/data' }],
                must_run: false,
                attach: true,
                logs: true,
              }),
            },
          },
          { variable: { who: { type: 'string' } } },
        ),
        { variables: { who: 'operator' } },
      );
      const img = a.state.get('docker_image.img');
      expect(String(img?.attrs.image_id)).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(img?.id).toBe(`${String(img?.attrs.image_id)}${run}/built:1`);
      expect(String(a.state.get('docker_container.app')?.attrs.container_logs)).toContain('hi-operator');
      await a.destroy();
      // removeImage deletes only `name`; the extra build tag survives, as with the provider.
      expect(await leftovers()).toEqual([`image ${run}/built:extra`]);
      await docker.call('DELETE', `/images/${encodeURIComponent(`${run}/built:extra`)}`);
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });
});
