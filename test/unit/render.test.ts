import { spawnSync } from 'node:child_process';
import { CINDER, KEYSTONE } from '../support/models';
import { resolveModWsgi } from '../../lib/model/frontend';
import { resolveBackend, resolveTimeouts } from '../../lib/model/loadbalancer';
import { renderModWsgiApache } from '../../lib/render/apache-modwsgi';
import { renderBootstrap } from '../../lib/render/bootstrap';
import { REGISTRATION_ENV, REGISTRATION_SCRIPT } from '../../lib/render/keystone-registration';
import { renderHaproxy } from '../../lib/render/haproxy';
import { renderMariaDb } from '../../lib/render/mariadb';
import { secretMarker } from '../../lib/core/markers';
import { renderStartScript } from '../../lib/render/start-script';
import { renderWsgiWrapper } from '../../lib/render/wsgi-wrapper';
import { registerSecret, toTerraformString } from '../../lib/targets/docker/terraform-text';

describe('Apache mod_wsgi vhost', () => {
  it('renders the whole apache2.conf for Keystone with defaults, as exact text', () => {
    const m = resolveModWsgi('stack/keystone', {}, KEYSTONE);
    const f = renderModWsgiApache(m, { origin: 'stack/keystone', script: KEYSTONE.wsgiScript! });
    expect(f.path).toBe('/etc/wsgiform/apache2.conf');
    expect(f.mode).toBe(0o644);
    expect(f.content)
      .toBe(`# Rendered by wsgiform for stack/keystone. Do not edit: change the construct's props.
ServerRoot /etc/apache2
PidFile /run/wsgiform/apache2.pid
DefaultRuntimeDir /run/wsgiform
Mutex file:/run/wsgiform default
User www-data
Group www-data
ServerName keystone
ServerTokens Prod
ServerSignature Off
TraceEnable Off
Timeout 60
KeepAlive On
KeepAliveTimeout 60
ErrorLog /proc/self/fd/2
LogLevel warn

LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule env_module /usr/lib/apache2/modules/mod_env.so
LoadModule setenvif_module /usr/lib/apache2/modules/mod_setenvif.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so
TypesConfig /etc/mime.types
WSGISocketPrefix /run/wsgiform/wsgi
WSGIRestrictEmbedded On

LogFormat "%{X-Forwarded-For}i %h %l %u %t \\"%r\\" %>s %b %D \\"%{Referer}i\\" \\"%{User-Agent}i\\"" wsgiform
SetEnvIf User-Agent "^(wsgiform-healthcheck|wsgiform-haproxy-check)$" wsgiform_probe
<Directory />
  AllowOverride None
  Require all denied
</Directory>

Listen 0.0.0.0:5000
<VirtualHost 0.0.0.0:5000>
  ServerName keystone
  WSGIDaemonProcess keystone processes=2 threads=1 user=keystone group=keystone display-name=%{GROUP}
  WSGIProcessGroup keystone
  WSGIApplicationGroup %{GLOBAL}
  WSGIPassAuthorization On
  WSGIScriptAlias / /usr/bin/keystone-wsgi-public process-group=keystone application-group=%{GLOBAL}
  <Directory /usr/bin>
    <Files keystone-wsgi-public>
      Require all granted
    </Files>
  </Directory>
  CustomLog /proc/self/fd/1 wsgiform env=!wsgiform_probe
</VirtualHost>
`);
  });

  it('renders every optional knob where Apache expects it', () => {
    const m = resolveModWsgi(
      'stack/cinder',
      {
        port: 9000,
        bindAddress: '127.0.0.1',
        path: '/volume/',
        chunkedRequest: true,
        preload: false,
        daemonOptions: { 'request-timeout': '90' },
        responseHeaders: { 'X-Frame-Options': 'DENY' },
        requestHeaders: { 'X-Hop': 'web tier' },
        setEnv: { PROXY_NAME: 'a "b"' },
        allowEncodedSlashes: 'NoDecode' as never,
        logHealthProbes: true,
        rawVhostFragment: '<Location /x>\n  Require all denied\n</Location>',
      },
      CINDER,
    );
    const text = renderModWsgiApache(m, {
      origin: 'o',
      script: '/usr/local/lib/wsgiform/cinder.wsgi',
    }).content;
    expect(text).toContain('Listen 127.0.0.1:9000\n<VirtualHost 127.0.0.1:9000>');
    expect(text).toContain(
      '  WSGIDaemonProcess cinder processes=2 threads=1 user=cinder group=cinder display-name=%{GROUP} request-timeout=90\n',
    );
    expect(text).toContain(
      '  WSGIChunkedRequest On\n  WSGIScriptAlias /volume /usr/local/lib/wsgiform/cinder.wsgi\n',
    );
    expect(text).toContain('  <Directory /usr/local/lib/wsgiform>\n    <Files cinder.wsgi>');
    expect(text).toContain('  AllowEncodedSlashes NoDecode\n  SetEnv PROXY_NAME "a \\"b\\""\n');
    expect(text).toContain(
      '  RequestHeader set X-Hop "web tier"\n  Header always set X-Frame-Options DENY\n',
    );
    expect(text).toContain('  CustomLog /proc/self/fd/1 wsgiform\n');
    expect(text).toContain(
      '  # rawVhostFragment (unchecked by wsgiform):\n  <Location /x>\n    Require all denied\n  </Location>\n</VirtualHost>\n',
    );
  });
});

describe('HAProxy config', () => {
  const services = [
    resolveBackend('s/keystone', undefined, {
      name: 'keystone',
      port: 5000,
      healthPath: '/healthcheck',
      checkHost: 'd-lb',
      servers: [
        { name: 'd-keystone-1', host: 'd-keystone-1', port: 5000 },
        { name: 'd-keystone-2', host: 'd-keystone-2', port: 5000 },
      ],
    }),
  ];
  const text = renderHaproxy(
    {
      bindAddress: '0.0.0.0',
      maxConnections: 4096,
      retries: 3,
      monitorPort: 8405,
      timeouts: resolveTimeouts('s', undefined),
      services,
    },
    's/lb',
  ).content;

  it('checks each server with GET on the health path, expecting 200', () => {
    expect(text).toContain(`backend keystone
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthcheck ver HTTP/1.1 hdr Host d-lb hdr User-Agent wsgiform-haproxy-check
  http-check expect status 200
  default-server check inter 2000ms rise 2 fall 3 resolvers docker resolve-prefer ipv4 init-addr none
  server d-keystone-1 d-keystone-1:5000
  server d-keystone-2 d-keystone-2:5000
`);
  });

  it("uses kolla's timeouts, retries with redispatch, and retries a killed server's empty response", () => {
    expect(text).toContain(`  option redispatch 1
  retries 3
  retry-on conn-failure empty-response
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout queue 60s
  timeout connect 10s
  timeout client 60s
  timeout server 60s
  timeout check 10s
`);
  });

  it('sets X-Forwarded-For, drops a client-supplied X-Forwarded-Proto, and keeps stats on a socket', () => {
    expect(text).toContain(`frontend keystone
  bind 0.0.0.0:5000
  option forwardfor
  http-request del-header X-Forwarded-Proto
  default_backend keystone
`);
    expect(text).toContain('stats socket /run/wsgiform/haproxy.sock mode 600 level admin');
    expect(text).not.toMatch(/stats (enable|uri)/);
    expect(text).toContain('resolvers docker\n  nameserver dns 127.0.0.11:53\n');
  });
});

describe('start script, wrapper, bootstrap, MariaDB', () => {
  it('clears stale runtime state, hands secrets to the service group, and execs the server', () => {
    const f = renderStartScript({
      origin: 's/keystone',
      files: [{ path: '/etc/keystone/keystone.conf', content: '', mode: 0o640, group: 'keystone' }],
      staleFiles: ['/run/wsgiform/apache2.pid'],
      env: { OS_KEYSTONE_CONFIG_FILES: '/etc/keystone/keystone.conf' },
      exec: ['/usr/sbin/apache2', '-f', '/etc/wsgiform/apache2.conf', '-DFOREGROUND'],
    });
    expect(f).toEqual({
      path: '/usr/local/bin/wsgiform-start',
      mode: 0o755,
      content: `#!/bin/sh
set -eu
# Rendered by wsgiform for s/keystone. Do not edit: change the construct's props.
rm -rf /run/wsgiform
mkdir -p /run/wsgiform
rm -f /run/wsgiform/apache2.pid
chgrp keystone /etc/keystone/keystone.conf
chmod 0640 /etc/keystone/keystone.conf
export OS_KEYSTONE_CONFIG_FILES=/etc/keystone/keystone.conf
exec /usr/sbin/apache2 -f /etc/wsgiform/apache2.conf -DFOREGROUND
`,
    });
  });

  it("passes Cinder's config files to its WSGI script through sys.argv", () => {
    const f = renderWsgiWrapper({
      service: 'cinder',
      script: '/usr/bin/cinder-wsgi',
      argvConfigFiles: ['/etc/cinder/cinder.conf'],
    });
    expect(f.content).toBe(
      `# Rendered by wsgiform: serves /usr/bin/cinder-wsgi under mod_wsgi.
import sys

sys.argv = ["/usr/bin/cinder-wsgi", "--config-file", "/etc/cinder/cinder.conf"]
import runpy
application = runpy.run_path("/usr/bin/cinder-wsgi", run_name="cinder_wsgi")['application']
`,
    );
    expect(f.path).toBe('/usr/local/lib/wsgiform/cinder.wsgi');
  });

  it('imports a callable entry point for mod_wsgi, which needs a script file', () => {
    expect(
      renderWsgiWrapper({ service: 'hello', callable: 'hello.app:app', argvConfigFiles: [] }).content,
    ).toBe(
      `# Rendered by wsgiform: serves hello.app:app under mod_wsgi.
import sys

sys.argv = ["hello"]
import importlib
application = getattr(importlib.import_module("hello.app"), "app")
`,
    );
  });

  it('bootstraps idempotently and keeps admin credentials in a 0600 file', () => {
    const pw = secretMarker(1);
    const [script, openrc, register] = renderBootstrap({
      origin: 's/cinder',
      service: 'cinder',
      files: [],
      steps: [{ kind: 'run', argv: ['cinder-manage', 'db', 'sync'], user: 'cinder' }],
      registration: {
        admin: {
          authUrl: 'http://lb:5000/v3',
          username: 'admin',
          password: pw,
          projectName: 'admin',
          region: 'RegionOne',
        },
        serviceUser: 'cinder',
        servicePassword: pw,
        serviceType: 'volumev3',
        serviceName: 'cinderv3',
        description: 'Cinder',
        publicUrl: 'http://127.0.0.1:8776/v3/%(project_id)s',
        internalUrl: 'http://lb:8776/v3/%(project_id)s',
        waitAttempts: 5,
      },
      afterRegistration: [{ kind: 'run', argv: ['sh', '-ec', 'openstack domain create --or-show d'] }],
    });
    expect(script.content).toContain(
      'setpriv --reuid=cinder --regid=cinder --init-groups -- cinder-manage db sync\n',
    );
    // The catalog entry is one Python process, fed only through the 0600 openrc.
    // Steps that need the catalog entry and the admin's credentials run after it.
    expect(script.content).toContain(
      `. /etc/wsgiform/admin-openrc\n${REGISTRATION_SCRIPT}\nsh -ec 'openstack domain create --or-show d'\n`,
    );
    expect(script.content).not.toContain(pw);
    expect(register.path).toBe(REGISTRATION_SCRIPT);
    expect(register.content).not.toMatch(/cinder|volumev3|8776/);
    expect(openrc.content).toContain('export WSGIFORM_SERVICE_TYPE=volumev3\n');
    expect(openrc.content).toContain('export WSGIFORM_SERVICE_NAME=cinderv3\n');
    expect(openrc.content).toContain(`export WSGIFORM_SERVICE_PASSWORD='${pw}'\n`);
    expect(openrc.content).toContain(
      "export WSGIFORM_PUBLIC_URL='http://127.0.0.1:8776/v3/%(project_id)s'\n",
    );
    expect(openrc.content).toContain('export WSGIFORM_WAIT_ATTEMPTS=5\n');
    // It is valid Python, and it reads every variable the openrc sets.
    const compiled = spawnSync(
      'python3',
      ['-c', 'import sys; compile(sys.stdin.read(), "register", "exec")'],
      {
        input: register.content,
        encoding: 'utf8',
      },
    );
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    for (const v of Object.values(REGISTRATION_ENV)) expect(register.content).toContain(`env['${v}']`);
    expect(openrc.mode).toBe(0o600);
    expect(openrc.content).toContain(`export OS_PASSWORD='${pw}'\n`);
  });

  it('grants each service its database with a password that is reset at every start', () => {
    const [cnf, sql] = renderMariaDb({
      origin: 's/db',
      port: 3306,
      maxConnections: 100,
      grants: [
        { database: 'keystone', user: 'keystone', password: 'p', characterSet: 'utf8mb4' },
        { database: 'manila', user: 'manila', password: 'q', characterSet: 'utf8' },
      ],
    });
    expect(cnf.content).toContain('init-file = /etc/wsgiform/init.sql\n');
    expect(sql).toEqual({
      path: '/etc/wsgiform/init.sql',
      mode: 0o640,
      group: 'mysql',
      content: `CREATE DATABASE IF NOT EXISTS \`keystone\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'keystone'@'%' IDENTIFIED BY 'p';
ALTER USER 'keystone'@'%' IDENTIFIED BY 'p';
GRANT ALL PRIVILEGES ON \`keystone\`.* TO 'keystone'@'%';
CREATE DATABASE IF NOT EXISTS \`manila\` CHARACTER SET utf8;
CREATE USER IF NOT EXISTS 'manila'@'%' IDENTIFIED BY 'q';
ALTER USER 'manila'@'%' IDENTIFIED BY 'q';
GRANT ALL PRIVILEGES ON \`manila\`.* TO 'manila'@'%';
`,
    });
  });
});

describe('Terraform string escaping', () => {
  it('escapes template sequences and swaps secret markers for their variables', () => {
    const id = registerSecret('${var.db_password}');
    expect(toTerraformString(`WSGIApplicationGroup %{GLOBAL} \${HOME} pw=${secretMarker(id)}`)).toBe(
      'WSGIApplicationGroup %%{GLOBAL} $${HOME} pw=${var.db_password}',
    );
  });
});
