import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  ApiService,
  Database,
  DockerHost,
  LoadBalancer,
  Secret,
  BuiltinServices,
  TlsCertificate,
  type BackendProps,
  type LoadBalancerTlsProps,
} from '../../lib';
import { plan } from '../support/applier';
import { selfSigned } from '../support/certificates';
import { containers, upload } from '../support/stacks';

/** Host, TLS load balancer, database, Keystone and Cinder: what an operator exposes over https. */
function tlsStack(
  s: Construct,
  tls: (scope: Construct) => LoadBalancerTlsProps | undefined,
  keystoneBackend?: BackendProps,
) {
  const host = new DockerHost(s, 'host');
  const lb = new LoadBalancer(s, 'lb', { host, tls: tls(s) });
  const database = new Database(s, 'db', { host });
  const keystone = new ApiService(s, 'keystone', {
    host,
    lb,
    database,
    databasePassword: new Secret(s, 'keystone_db'),
    service: BuiltinServices.named('keystone'),
    adminPassword: new Secret(s, 'admin'),
    backend: keystoneBackend,
  });
  new ApiService(s, 'cinder', {
    host,
    lb,
    database,
    databasePassword: new Secret(s, 'cinder_db'),
    service: BuiltinServices.named('cinder'),
    identity: keystone,
    servicePassword: new Secret(s, 'cinder_svc'),
  });
}

const fromVariables = (s: Construct) => ({ certificate: TlsCertificate.fromVariables(s, 'api_tls') });

describe('LoadBalancer with TLS from sensitive variables', () => {
  const synthesized = Testing.synthScope((s) => tlsStack(s, fromVariables, { redirectHttpPort: 5080 }));
  const json = JSON.parse(synthesized);
  const byName = containers(synthesized);
  const lb = byName['wsgiform-lb'];

  it('declares the chain and the key as sensitive variables validated as PEM', () => {
    const cert = json.variable.api_tls_certificate;
    const key = json.variable.api_tls_private_key;
    expect(cert.sensitive).toBe(true);
    expect(key.sensitive).toBe(true);
    expect(cert.validation[0].condition).toBe(
      '${can(regex("^\\\\s*(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\\\s]+-----END CERTIFICATE-----\\\\s*)+$", var.api_tls_certificate))}',
    );
    expect(key.validation[0].condition).toBe(
      '${can(regex("^\\\\s*-----BEGIN (RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/=\\\\s]+-----END (RSA |EC )?PRIVATE KEY-----\\\\s*$", var.api_tls_private_key))}',
    );
  });

  it('uploads chain and key verbatim as two 0600 files, as variable references', () => {
    const files = (lb.upload as { file: string; content: string; permissions: string }[]).filter((u) =>
      u.file.startsWith('/etc/wsgiform/tls/'),
    );
    expect(files).toEqual([
      {
        file: '/etc/wsgiform/tls/server.pem',
        content: '${var.api_tls_certificate}\n',
        permissions: '0600',
      },
      {
        file: '/etc/wsgiform/tls/server.pem.key',
        content: '${var.api_tls_private_key}\n',
        permissions: '0600',
      },
    ]);
    expect(synthesized).not.toContain('wsgiform-secret');
  });

  it('terminates TLS on the published port and keeps plain HTTP for the deployment network', () => {
    const cfg = upload(lb, '/etc/wsgiform/haproxy.cfg');
    expect(cfg).toContain('  ssl-default-bind-options ssl-min-ver TLSv1.2\n');
    expect(cfg).toContain(
      [
        'frontend keystone',
        '  bind 0.0.0.0:5000',
        '  bind 0.0.0.0:9443 ssl crt /etc/wsgiform/tls/server.pem',
        '  option forwardfor',
        '  http-request del-header X-Forwarded-Proto',
        '  http-request set-header X-Forwarded-Proto https if { ssl_fc }',
        '  default_backend keystone',
        '',
        'frontend keystone-http-redirect',
        '  bind 0.0.0.0:5080',
        '  http-request redirect prefix https://127.0.0.1:5000 code 308',
      ].join('\n'),
    );
    expect(cfg).toContain('  bind 0.0.0.0:9444 ssl crt /etc/wsgiform/tls/server.pem\n');
    expect(lb.ports).toEqual([
      { internal: 9443, external: 5000, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 5080, external: 5080, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 9444, external: 8776, ip: '127.0.0.1', protocol: 'tcp' },
    ]);
  });

  it("puts the https URL into Keystone's catalog and Cinder's www_authenticate_uri, http internally", () => {
    const bootstrap = upload(byName['wsgiform-keystone-bootstrap'], '/usr/local/bin/wsgiform-bootstrap');
    expect(bootstrap).toMatch(/--bootstrap-public-url https:\/\/127\.0\.0\.1:5000\b/);
    expect(bootstrap).toMatch(/--bootstrap-internal-url http:\/\/wsgiform-lb:5000\b/);
    const cinderConf = upload(byName['wsgiform-cinder-1'], '/etc/cinder/cinder.conf');
    expect(cinderConf).toContain('www_authenticate_uri = https://127.0.0.1:5000');
    expect(cinderConf).toContain('auth_url = http://wsgiform-lb:5000');
    // The catalog entry's URLs reach the registration through the job's 0600 openrc.
    const cinderRegistration = upload(byName['wsgiform-cinder-bootstrap'], '/etc/wsgiform/admin-openrc');
    expect(cinderRegistration).toContain(
      "export WSGIFORM_PUBLIC_URL='https://127.0.0.1:8776/v3/%(project_id)s'\n",
    );
  });

  it('is accepted by the strict applier only with PEM values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsgiform-tls-synth-'));
    try {
      const { cert, key } = selfSigned(dir, 'synth', 'ec');
      const pw = 'Synth-Secret.123';
      const base = { admin: pw, keystone_db: pw, cinder_db: pw, cinder_svc: pw };
      const ok = { ...base, api_tls_certificate: cert + cert, api_tls_private_key: key };
      expect(plan(json, { variables: ok }).sensitive).toEqual(
        new Set([...Object.keys(base), 'api_tls_certificate', 'api_tls_private_key']),
      );
      expect(() => plan(json, { variables: { ...ok, api_tls_certificate: key } })).toThrow(
        /invalid value for variable 'api_tls_certificate'/,
      );
      expect(() => plan(json, { variables: { ...ok, api_tls_private_key: cert } })).toThrow(
        /invalid value for variable 'api_tls_private_key'/,
      );
      const encrypted = key.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY');
      expect(() => plan(json, { variables: { ...ok, api_tls_private_key: encrypted } })).toThrow(
        /invalid value for variable 'api_tls_private_key'/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LoadBalancer with TLS from files on the Docker host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsgiform-tls-files-'));
  const files = selfSigned(dir, 'files');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const synthesized = Testing.synthScope((s) =>
    tlsStack(s, () => ({
      certificate: TlsCertificate.fromHostFiles(files.certPath, files.keyPath),
    })),
  );
  const lb = containers(synthesized)['wsgiform-lb'];

  it('bind-mounts both files read-only and uploads no key', () => {
    expect(lb.volumes).toEqual([
      { host_path: files.certPath, container_path: '/etc/wsgiform/tls/server.pem', read_only: true },
      {
        host_path: files.keyPath,
        container_path: '/etc/wsgiform/tls/server.pem.key',
        read_only: true,
      },
    ]);
    expect((lb.upload as { file: string }[]).map((u) => u.file)).not.toContain(
      '/etc/wsgiform/tls/server.pem.key',
    );
    expect(JSON.parse(synthesized).variable.api_tls_certificate).toBeUndefined();
  });

  it('never puts key material into the JSON', () => {
    const body = files.key.split('\n').filter((l) => l && !l.startsWith('-----'));
    expect(body.length).toBeGreaterThan(10);
    for (const line of body) expect(synthesized).not.toContain(line);
    expect(synthesized).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/]{16}/);
  });

  it('refuses a relative path', () => {
    expect(() =>
      Testing.synthScope((s) =>
        tlsStack(s, () => ({ certificate: TlsCertificate.fromHostFiles('chain.pem', '/k.pem') })),
      ),
    ).toThrow(/\[.*lb\] tls certificatePath="chain.pem": use an absolute path/);
  });
});

describe('LoadBalancer TLS validation', () => {
  it('refuses a redirect port without TLS', () => {
    expect(() => Testing.synthScope((s) => tlsStack(s, () => undefined, { redirectHttpPort: 5080 }))).toThrow(
      /\[.*keystone\] backend\.redirectHttpPort=5080: .*lb serves plain HTTP/,
    );
  });

  it('refuses a redirect port that a service already uses', () => {
    expect(() => Testing.synthScope((s) => tlsStack(s, fromVariables, { redirectHttpPort: 5000 }))).toThrow(
      /port=5000: both keystone and keystone's redirectHttpPort want it/,
    );
  });

  it('refuses a variable name another variable already has', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new Secret(stack, 'api_tls_certificate');
    tlsStack(stack, fromVariables);
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[stack\/api_tls\] variable api_tls_certificate is also declared by stack\/api_tls_certificate/,
    );
  });

  it('keeps plain HTTP and only deletes X-Forwarded-Proto without TLS', () => {
    const lb = containers(Testing.synthScope((s) => tlsStack(s, () => undefined)))['wsgiform-lb'];
    const cfg = upload(lb, '/etc/wsgiform/haproxy.cfg');
    expect(cfg).not.toMatch(/ssl|set-header X-Forwarded-Proto/);
    expect(cfg).toContain('  http-request del-header X-Forwarded-Proto\n');
    expect(lb.ports[0]).toEqual({ internal: 5000, external: 5000, ip: '127.0.0.1', protocol: 'tcp' });
  });
});
