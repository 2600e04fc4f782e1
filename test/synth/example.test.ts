import { App, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { container, image, network, volume } from '@cdktf/provider-docker';
import { KeystoneCinderApache } from '../../examples/keystone-cinder-apache/main';
import { containers, upload } from '../support/stacks';

// One synth for the whole file (STYLE.md): the example an operator starts from.
const app = Testing.app();
const stack = new KeystoneCinderApache(app as App, 'example');
const synthesized = Testing.synth(stack);
const json = JSON.parse(synthesized);
const byName = containers(synthesized);

describe('examples/keystone-cinder-apache', () => {
  it('runs two replicas of Keystone and Cinder, a bootstrap job each, HAProxy, MariaDB and the watchdog', () => {
    expect(Object.keys(byName).sort()).toEqual([
      'wsgiform-cinder-1',
      'wsgiform-cinder-2',
      'wsgiform-cinder-bootstrap',
      'wsgiform-db',
      'wsgiform-keystone-1',
      'wsgiform-keystone-2',
      'wsgiform-keystone-bootstrap',
      'wsgiform-lb',
      'wsgiform-watchdog',
    ]);
  });

  it('restarts API containers that crash and waits for them to be healthy on deploy', () => {
    expect(synthesized).toHaveResourceWithProperties(container.Container, {
      name: 'wsgiform-keystone-1',
      restart: 'unless-stopped',
      wait: true,
      destroy_grace_seconds: 60,
    });
  });

  it('probes the health path with curl and labels the container with the probe hash', () => {
    const k = byName['wsgiform-keystone-1'];
    expect(k.healthcheck).toEqual({
      test: expect.arrayContaining(['CMD', 'curl', '--fail', 'http://127.0.0.1:5000/healthcheck']),
      interval: '10s',
      timeout: '5s',
      retries: 3,
      start_period: '60s',
    });
    expect(k.labels).toContainEqual({
      label: 'wsgiform.healthcheck-sha256',
      value: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(k.labels).toContainEqual({ label: 'wsgiform.watchdog', value: 'enabled' });
    expect(k.labels).toContainEqual({ label: 'wsgiform.deployment', value: 'wsgiform' });
  });

  it('puts every replica on the deployment network and publishes only HAProxy, on loopback', () => {
    expect(synthesized).toHaveResourceWithProperties(network.Network, { name: 'wsgiform-net' });
    for (const c of Object.values(byName)) {
      expect(c.networks_advanced).toEqual([{ name: '${docker_network.plane_host_network_3EABA7A2.name}' }]);
      if (c.name !== 'wsgiform-lb') expect(c.ports).toBeUndefined();
    }
    expect(byName['wsgiform-lb'].ports).toEqual([
      { internal: 5000, external: 5000, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 8776, external: 8776, ip: '127.0.0.1', protocol: 'tcp' },
    ]);
  });

  it('uploads configs with explicit permissions (0755 scripts, 0640 secrets), never `executable`', () => {
    const k = byName['wsgiform-keystone-1'];
    const perms = Object.fromEntries(
      (k.upload as { file: string; permissions: string }[]).map((u) => [u.file, u.permissions]),
    );
    expect(perms).toEqual({
      '/etc/keystone/keystone.conf': '0640',
      '/etc/wsgiform/apache2.conf': '0644',
      '/usr/local/bin/wsgiform-start': '0755',
    });
    expect(JSON.stringify(json.resource.docker_container)).not.toContain('"executable"');
  });

  it('escapes Apache %{...} for Terraform and keeps secrets as variable references', () => {
    const conf = upload(byName['wsgiform-keystone-1'], '/etc/wsgiform/apache2.conf');
    expect(conf).toContain('WSGIApplicationGroup %%{GLOBAL}');
    expect(conf).not.toMatch(/[^%]%\{/);
    expect(upload(byName['wsgiform-keystone-1'], '/etc/keystone/keystone.conf')).toContain(
      'connection = mysql+pymysql://keystone:${var.keystone_db_password}@wsgiform-db:3306/keystone',
    );
  });

  it('takes every secret from a sensitive, validated variable and never as a literal', () => {
    expect(Object.keys(json.variable).sort()).toEqual([
      'admin_password',
      'cinder_db_password',
      'cinder_service_password',
      'keystone_db_password',
    ]);
    for (const [name, v] of Object.entries<Record<string, any>>(json.variable)) {
      expect(v.sensitive).toBe(true);
      expect(v.validation[0].condition).toBe(`\${can(regex("^[A-Za-z0-9._~-]{8,128}$", var.${name}))}`);
    }
    expect(synthesized).not.toContain('wsgiform-secret');
  });

  it('orders the deploy: database, then bootstrap, then replicas; Cinder registers after Keystone is up', () => {
    const ref = (name: string) =>
      `docker_container.${Object.entries<any>(json.resource.docker_container).find(([, c]) => c.name === name)![0]}`;
    expect(byName['wsgiform-keystone-bootstrap'].depends_on).toEqual([ref('wsgiform-db')]);
    expect(byName['wsgiform-keystone-1'].depends_on).toEqual([ref('wsgiform-keystone-bootstrap')]);
    expect(byName['wsgiform-cinder-bootstrap'].depends_on).toEqual([
      ref('wsgiform-db'),
      ref('wsgiform-keystone-1'),
      ref('wsgiform-keystone-2'),
      ref('wsgiform-lb'),
    ]);
    expect(byName['wsgiform-cinder-2'].depends_on).toEqual([ref('wsgiform-cinder-bootstrap')]);
  });

  it('runs the bootstrap job once and fails the deploy if it exits non-zero', () => {
    expect(byName['wsgiform-cinder-bootstrap']).toMatchObject({
      must_run: false,
      attach: true,
      restart: 'no',
      lifecycle: { postcondition: [{ condition: '${self.exit_code == 0}' }] },
    });
  });

  it("shares Keystone's fernet and credential keys through volumes", () => {
    expect(synthesized).toHaveResourceWithProperties(volume.Volume, {
      name: 'wsgiform-keystone-fernet-keys',
    });
    for (const name of ['wsgiform-keystone-bootstrap', 'wsgiform-keystone-1', 'wsgiform-keystone-2']) {
      expect(byName[name].volumes.map((v: any) => v.container_path)).toEqual([
        '/etc/keystone/fernet-keys',
        '/etc/keystone/credential-keys',
      ]);
    }
    expect(upload(byName['wsgiform-keystone-bootstrap'], '/usr/local/bin/wsgiform-bootstrap')).toContain(
      'chmod 0700 /etc/keystone/fernet-keys\n',
    );
  });

  it('builds images from images/<role> with a context hash, keeps them locally', () => {
    expect(synthesized).toHaveResourceWithProperties(image.Image, {
      keep_locally: true,
      build: {
        context: expect.stringMatching(/\/images\/haproxy$/),
        build_args: { BASE: 'debian:bookworm-slim' },
      },
    });
  });

  it("builds each service on the one parameterised service image, from its definition's packages", () => {
    expect(synthesized).toHaveResourceWithProperties(image.Image, {
      keep_locally: true,
      build: {
        context: expect.stringMatching(/\/images\/service$/),
        build_args: {
          BASE: 'debian:bookworm-slim',
          PACKAGES: 'keystone',
          SERVICE_USER: 'keystone',
          SERVICE_GROUP: 'keystone',
          SERVICE_UID: '42425',
          SERVICE_GID: '42425',
          DEBCONF_SELECTIONS: expect.stringContaining('keystone keystone/configure_db boolean false\n'),
          // The OpenStack libraries' layer, shared by every built-in service's image.
          SHARED_PACKAGES: expect.stringContaining('python3-oslo.db python3-oslo.messaging'),
        },
      },
    });
    const names = Object.values<any>(json.resource.docker_image).map((i) => i.name);
    for (const n of names)
      expect(n).toMatch(/^wsgiform\/(keystone|cinder|haproxy|mariadb|watchdog):[0-9a-f]{12}$/);
  });

  it('gives the watchdog the Docker socket and scopes it to this deployment', () => {
    const w = byName['wsgiform-watchdog'];
    expect(w.volumes).toEqual([
      { host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock', read_only: false },
    ]);
    expect(w.env).toContain(
      'WSGIFORM_WATCHDOG_LABELS=wsgiform.deployment=wsgiform,wsgiform.watchdog=enabled',
    );
  });

  it("clears Cinder's disable-by-file health switch and Apache's pid file when a replica starts", () => {
    const start = upload(byName['wsgiform-cinder-1'], '/usr/local/bin/wsgiform-start');
    expect(start).toContain('rm -f /run/wsgiform/apache2.pid\nrm -f /etc/cinder/healthcheck_disable\n');
  });

  it('pins the docker provider to 3.6.2', () => {
    expect(json.terraform.required_providers.docker).toEqual({
      source: 'kreuzwerker/docker',
      version: '3.6.2',
    });
  });

  it('matches the reviewed snapshot of the HAProxy config', () => {
    expect(upload(byName['wsgiform-lb'], '/etc/wsgiform/haproxy.cfg')).toMatchSnapshot();
  });
});
