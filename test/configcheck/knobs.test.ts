import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import {
  AllowEncodedSlashes,
  ApacheLogLevel,
  BalanceAlgorithm,
  BuiltinServices,
  ControlPlane,
  Frontend,
  type LoadBalancerOptions,
  Secret,
  type ServiceOptions,
} from '../../lib';
import { runInImage } from '../support/in-image';
import { landedFiles, type LandedFile } from '../support/rendered-files';

// Non-default knobs, rendered and handed to the real checkers in the images the files will run
// in (as in-images.test.ts does with the defaults). Each check also asserts the knob is in the
// rendered file, so dropping a knob fails the test instead of passing a default config.
const work = mkdtempSync(join(tmpdir(), 'wsgiform-knobcheck-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A control plane with Keystone and Cinder, each with `keystone`/`cinder` options, rendered. */
function knobbedPlane(
  id: string,
  opts: {
    keystone: Partial<ServiceOptions>;
    cinder: Partial<ServiceOptions>;
    loadBalancer?: LoadBalancerOptions;
  },
): LandedFile[] {
  return landedFiles(
    Testing.synthScope((s) => {
      const plane = new ControlPlane(s, id, { loadBalancer: opts.loadBalancer });
      const keystone = plane.addService('keystone', {
        service: BuiltinServices.named('keystone'),
        adminPassword: new Secret(s, 'admin_password'),
        databasePassword: new Secret(s, 'keystone_db_password'),
        ...opts.keystone,
      });
      plane.addService('cinder', {
        service: BuiltinServices.named('cinder'),
        databasePassword: new Secret(s, 'cinder_db_password'),
        identity: keystone,
        servicePassword: new Secret(s, 'cinder_service_password'),
        config: { DEFAULT: { transport_url: 'fake://' } },
        ...opts.cinder,
      });
    }),
  );
}

/** Runs `command` in `wsgiform/<image>:latest`, with every file of `container` mounted in place. */
function inImage(files: LandedFile[], container: string, image: string, command: string) {
  const mine = files.filter((f) => f.container === container);
  if (mine.length === 0) throw new Error(`no files for ${container}`);
  return runInImage(work, image, mine, command);
}

/** The one file at `path` of `container`. */
function file(files: LandedFile[], container: string, path: string): string {
  const found = files.filter((f) => f.container === container && f.path === path);
  if (found.length !== 1) throw new Error(`${container}:${path} found ${found.length} times`);
  return found[0].content;
}

const APACHE_CONF = '/etc/wsgiform/apache2.conf';
const UWSGI_INI = '/etc/wsgiform/uwsgi.ini';
const NGINX_CONF = '/etc/wsgiform/nginx.conf';
const HAPROXY_CFG = '/etc/wsgiform/haproxy.cfg';
const APACHE_CHECK = `mkdir -p /run/wsgiform && apache2 -t -f ${APACHE_CONF}`;
const UWSGI_CHECK = `uwsgi --ini ${UWSGI_INI} --version`;

// Plane 1: Keystone under Apache mod_wsgi, Cinder under Nginx → uWSGI, a tuned load balancer.
const plane1 = knobbedPlane('plane1', {
  keystone: {
    frontend: Frontend.apacheModWsgi({
      responseHeaders: { 'X-Frame-Options': 'DENY' },
      requestHeaders: { 'X-Request-Source': 'wsgiform test' },
      setEnv: { WSGIFORM_ZONE: 'zone a' },
      daemonOptions: { 'request-timeout': '60', 'python-path': '/opt/x' },
      allowEncodedSlashes: AllowEncodedSlashes.NO_DECODE,
      rawVhostFragment: '<Location /x>\n  Require all granted\n</Location>',
      logLevel: ApacheLogLevel.INFO,
      timeoutSeconds: 120,
      keepAliveTimeoutSeconds: 7,
      logHealthProbes: true,
    }),
    backend: { balance: BalanceAlgorithm.LEAST_CONN, checkIntervalMs: 5000, rise: 4, fall: 6 },
  },
  cinder: {
    frontend: Frontend.nginxUwsgi({
      workerProcesses: 3,
      workerConnections: 512,
      clientMaxBodySizeBytes: 10485760,
      readTimeoutSeconds: 300,
      buffering: false,
      accessLogFormat: '$remote_addr [$time_local] "$request" $status $request_time',
    }),
    backend: { balance: BalanceAlgorithm.SOURCE },
  },
  loadBalancer: {
    maxConnections: 2000,
    retries: 5,
    timeouts: {
      httpRequestSeconds: 11,
      httpKeepAliveSeconds: 12,
      queueSeconds: 61,
      connectSeconds: 7,
      clientSeconds: 90,
      serverSeconds: 300,
      checkSeconds: 4,
    },
  },
});

// Plane 2: Keystone under uWSGI http, Cinder under Apache mod_proxy_uwsgi → uWSGI, both tuned.
const uwsgiKnobs = {
  iniOverrides: { 'max-worker-lifetime': '3600', 'reload-on-rss': '512' },
  harakiriSeconds: 90,
  maxRequests: 5000,
  env: { WSGIFORM_UWSGI_ENV: 'from uwsgi props' },
};
const plane2 = knobbedPlane('plane2', {
  keystone: {
    frontend: Frontend.uwsgiHttp({
      uwsgi: { ...uwsgiKnobs, module: 'keystone.wsgi.api:application' },
    }),
    env: { WSGIFORM_SERVICE_ENV: 'from service props' },
  },
  cinder: {
    frontend: Frontend.apacheProxyUwsgi({
      timeoutSeconds: 300,
      keepAliveTimeoutSeconds: 9,
      logLevel: ApacheLogLevel.NOTICE,
      uwsgi: uwsgiKnobs,
    }),
    env: { WSGIFORM_SERVICE_ENV: 'from service props' },
  },
});

describe('Apache mod_wsgi with every vhost knob set: apache2 -t in wsgiform/keystone', () => {
  it.each(['wsgiform-keystone-1', 'wsgiform-keystone-2'])('accepts %s, knobs included', (c) => {
    const conf = file(plane1, c, APACHE_CONF);
    for (const line of [
      '\nTimeout 120\n',
      '\nKeepAliveTimeout 7\n',
      '\nLogLevel info\n',
      ' display-name=%{GROUP} request-timeout=60 python-path=/opt/x\n',
      '\n  AllowEncodedSlashes NoDecode\n',
      '\n  SetEnv WSGIFORM_ZONE "zone a"\n',
      '\n  RequestHeader set X-Request-Source "wsgiform test"\n',
      '\n  Header always set X-Frame-Options DENY\n',
      // logHealthProbes: no env=!wsgiform_probe condition on the access log.
      '\n  CustomLog /proc/self/fd/1 wsgiform\n',
      '\n  <Location /x>\n    Require all granted\n  </Location>\n</VirtualHost>\n',
    ])
      expect(conf).toContain(line);
    const r = inImage(plane1, c, 'keystone', APACHE_CHECK);
    expect(r.output.trim()).toBe('Syntax OK');
    expect(r.status).toBe(0);
  });

  it('and refuses a broken raw fragment (the check can fail)', () => {
    const broken = plane1.map((f) =>
      f.path === APACHE_CONF ? { ...f, content: f.content.replace('</Location>', '</Locaton>') } : f,
    );
    const r = inImage(broken, 'wsgiform-keystone-1', 'keystone', APACHE_CHECK);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/<\/Locaton>/);
  });
});

describe('uWSGI with iniOverrides, harakiri, max-requests, env and a module: strict mode', () => {
  it.each([
    ['wsgiform-keystone-1', 'keystone', 'module = keystone.wsgi.api:application\n'],
    ['wsgiform-cinder-1', 'cinder', 'wsgi-file = /usr/bin/cinder-wsgi\n'],
  ])('loads %s uwsgi.ini in wsgiform/%s, knobs included', (c, image, app) => {
    const ini = file(plane2, c, UWSGI_INI);
    for (const line of [
      '\nharakiri = 90\n',
      '\nmax-requests = 5000\n',
      `\n${app}`,
      '\nenv = WSGIFORM_SERVICE_ENV=from service props\n',
      '\nenv = WSGIFORM_UWSGI_ENV=from uwsgi props\n',
      '\nmax-worker-lifetime = 3600\nreload-on-rss = 512\n',
    ])
      expect(ini).toContain(line);
    const r = inImage(plane2, c, image, UWSGI_CHECK);
    expect(r.output).toContain(`getting INI configuration from ${UWSGI_INI}`);
    expect(r.output).toContain('2.0.21');
    expect(r.output).not.toMatch(/unknown|error/i);
    expect(r.status).toBe(0);
  });
});

describe('Nginx → uWSGI with tuned workers, body size, timeouts, buffering and log format', () => {
  it.each(['wsgiform-cinder-web-1', 'wsgiform-cinder-web-2'])('nginx -t accepts %s, knobs included', (c) => {
    const conf = file(plane1, c, NGINX_CONF);
    for (const line of [
      '\nworker_processes 3;\n',
      '\n  worker_connections 512;\n',
      '\n  client_max_body_size 10485760;\n',
      '\n  log_format wsgiform \'$remote_addr [$time_local] "$request" $status $request_time\';\n',
      '\n      uwsgi_read_timeout 300s;\n',
      '\n      uwsgi_buffering off;\n',
    ])
      expect(conf).toContain(line);
    const r = inImage(plane1, c, 'nginx', `mkdir -p /run/wsgiform && nginx -t -c ${NGINX_CONF}`);
    expect(r.output).toMatch(/syntax is ok/);
    expect(r.output).toMatch(/test is successful/);
    expect(r.status).toBe(0);
  });
});

describe('Apache mod_proxy_uwsgi with non-default timeouts and log level', () => {
  it.each(['wsgiform-cinder-web-1', 'wsgiform-cinder-web-2'])(
    'apache2 -t in wsgiform/apache accepts %s, knobs included',
    (c) => {
      const conf = file(plane2, c, APACHE_CONF);
      for (const line of ['\nTimeout 300\n', '\nKeepAliveTimeout 9\n', '\nLogLevel notice\n'])
        expect(conf).toContain(line);
      const r = inImage(plane2, c, 'apache', APACHE_CHECK);
      expect(r.output.trim()).toBe('Syntax OK');
      expect(r.status).toBe(0);
    },
  );
});

describe('HAProxy with tuned timeouts, retries, maxconn and backends', () => {
  it('haproxy -c in wsgiform/haproxy accepts the load balancer config, knobs included', () => {
    const cfg = file(plane1, 'wsgiform-lb', HAPROXY_CFG);
    for (const line of [
      '\n  maxconn 2000\n',
      '\n  retries 5\n',
      '\n  timeout http-request 11s\n  timeout http-keep-alive 12s\n  timeout queue 61s\n  timeout connect 7s\n  timeout client 90s\n  timeout server 300s\n  timeout check 4s\n',
      '\nbackend keystone\n  balance leastconn\n',
      '\nbackend cinder\n  balance source\n',
    ])
      expect(cfg).toContain(line);
    const keystone = cfg.slice(cfg.indexOf('\nbackend keystone\n'), cfg.indexOf('\nfrontend cinder\n'));
    expect(keystone).toContain(
      '\n  default-server check inter 5000ms rise 4 fall 6 resolvers docker resolve-prefer ipv4 init-addr none\n',
    );
    const r = inImage(plane1, 'wsgiform-lb', 'haproxy', `haproxy -c -f ${HAPROXY_CFG}`);
    expect(r.output).toMatch(/Configuration file is valid/);
    expect(r.status).toBe(0);
  });
});
