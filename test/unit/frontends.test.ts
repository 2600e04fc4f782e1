import { CINDER, KEYSTONE } from '../support/models';
import { resolveApacheProxyUwsgi, resolveNginxUwsgi, resolveUwsgiHttp } from '../../lib/model/frontend';
import { renderProxyUwsgiApache } from '../../lib/render/apache-proxy';
import { renderReplica } from '../../lib/render/frontend';
import { renderNginx } from '../../lib/render/nginx';
import { renderUwsgiIni } from '../../lib/render/uwsgi';
import { NginxWriter, nginxArg } from '../../lib/render/writers/nginx';
import { UwsgiIniWriter, uwsgiValue } from '../../lib/render/writers/uwsgi';

describe('uWSGI ini writer', () => {
  it('doubles % and rejects $(...), @(...), surrounding whitespace and newlines', () => {
    expect(uwsgiValue('x', 'unix_signal:15 gracefully_kill_them_all')).toBe(
      'unix_signal:15 gracefully_kill_them_all',
    );
    expect(uwsgiValue('x', '100%')).toBe('100%%');
    expect(() => uwsgiValue('env', 'A=$(HOME)')).toThrow(
      'env="A=$(HOME)": uWSGI expands $(...) and @(...) in ini values; remove them',
    );
    expect(() => uwsgiValue('x', '@(/etc/passwd)')).toThrow(/uWSGI expands/);
    expect(() => uwsgiValue('x', ' padded')).toThrow(/strips leading and trailing whitespace/);
    expect(() => uwsgiValue('x', 'a\nb = c')).toThrow(/newline/);
    expect(() => new UwsgiIniWriter().option('Bad_Key', '1')).toThrow(/lower-case words/);
  });
});

describe('nginx writer', () => {
  it('quotes what nginx would split and rejects a literal $', () => {
    expect(nginxArg('x', '/dev/stdout')).toBe('/dev/stdout');
    expect(nginxArg('x', 'a b;c')).toBe('"a b;c"');
    expect(nginxArg('x', 'say "hi"')).toBe('"say \\"hi\\""');
    expect(() => nginxArg('server_name', 'x$host')).toThrow(
      `server_name="x$host": nginx reads '$' as a variable and has no escape for it; remove it`,
    );
    const w = new NginxWriter();
    w.block('events', [], (e) => e.directive('worker_connections', '1024'));
    expect(w.toString()).toBe('events {\n  worker_connections 1024;\n}\n');
  });
});

describe('uWSGI config', () => {
  it('renders Keystone under uWSGI http as exact text', () => {
    const m = resolveUwsgiHttp('s/keystone', {}, KEYSTONE);
    const f = renderUwsgiIni(m.uwsgi, {
      origin: 's/keystone',
      httpSocket: '0.0.0.0:5000',
      wsgiScript: KEYSTONE.wsgiScript,
      env: { OS_KEYSTONE_CONFIG_FILES: '/etc/keystone/keystone.conf' },
    });
    expect(f.path).toBe('/etc/wsgiform/uwsgi.ini');
    expect(f.content).toBe(`; Rendered by wsgiform for s/keystone. Do not edit: change the construct's props.
[uwsgi]
plugins = python3
strict = true
master = true
processes = 2
threads = 1
enable-threads = true
lazy-apps = true
thunder-lock = true
die-on-term = true
hook-master-start = unix_signal:15 gracefully_kill_them_all
exit-on-reload = false
worker-reload-mercy = 80
skip-atexit-teardown = true
need-app = true
buffer-size = 65535
add-header = Connection: close
socket-timeout = 30
listen = 100
uid = keystone
gid = keystone
http-socket = 0.0.0.0:5000
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_FILES=/etc/keystone/keystone.conf
log-x-forwarded-for = true
route-user-agent = ^(wsgiform-healthcheck|wsgiform-haproxy-check)$ donotlog:
`);
  });

  it("passes Cinder's config through pyargv, takes module:callable, harakiri, max-requests and overrides", () => {
    const m = resolveUwsgiHttp(
      's/cinder',
      {
        uwsgi: {
          module: 'cinder.wsgi.api:application',
          harakiriSeconds: 120,
          maxRequests: 5000,
          logHealthProbes: true,
          iniOverrides: { 'memory-report': 'true' },
        },
      },
      CINDER,
    );
    const text = renderUwsgiIni(m.uwsgi, {
      origin: 's/cinder',
      socket: '0.0.0.0:3031',
      httpSocket: '127.0.0.1:3032',
      wsgiScript: CINDER.wsgiScript,
      pyargv: ['--config-file', '/etc/cinder/cinder.conf'],
      env: {},
    }).content;
    expect(text).toContain('harakiri = 120\nmax-requests = 5000\n');
    expect(text).toContain(
      'socket = 0.0.0.0:3031\nhttp-socket = 127.0.0.1:3032\nmodule = cinder.wsgi.api:application\npyargv = --config-file /etc/cinder/cinder.conf\n',
    );
    expect(text).not.toContain('wsgi-file');
    expect(text).not.toContain('route-user-agent');
    expect(text.endsWith('log-x-forwarded-for = true\nmemory-report = true\n')).toBe(true);
  });
});

describe('web tiers', () => {
  it('renders nginx → uWSGI with Docker DNS re-resolution, SCRIPT_NAME and the client Host', () => {
    const m = resolveNginxUwsgi('s/cinder', {}, CINDER);
    const text = renderNginx(m, {
      origin: 's/cinder',
      upstream: 'd-cinder-1:3100',
      serverName: 'cinder',
    }).content;
    expect(text).toContain(`  resolver 127.0.0.11 valid=5s ipv6=off;
  server {
    listen 0.0.0.0:8776;
    server_name cinder;
    location / {
      set $wsgiform_upstream d-cinder-1:3100;
      include /etc/nginx/uwsgi_params;
      uwsgi_param SCRIPT_NAME '';
      uwsgi_param HTTP_HOST $http_host;
      uwsgi_pass $wsgiform_upstream;
      uwsgi_read_timeout 60s;
      uwsgi_send_timeout 60s;
      uwsgi_buffering on;
    }
  }
`);
    expect(text).toContain('  access_log /dev/stdout wsgiform if=$wsgiform_loggable;\n');
    expect(text).toContain('daemon off;\n');
  });

  it("refuses uwsgiPort 3031 for mod_proxy_uwsgi, which Debian's Apache turns into port 0", () => {
    expect(() => resolveApacheProxyUwsgi('s/keystone', { uwsgiPort: 3031 }, KEYSTONE)).toThrow(
      "[s/keystone] uwsgiPort=3031: Debian's Apache 2.4.71 mod_proxy_uwsgi treats 3031 as the default port",
    );
  });

  it('renders Apache mod_proxy_uwsgi → uWSGI that re-resolves the app container per request', () => {
    const m = resolveApacheProxyUwsgi('s/keystone', { uwsgiPort: 4000 }, KEYSTONE);
    expect(m.probePort).toBe(4001);
    const text = renderProxyUwsgiApache(m, {
      origin: 's/keystone',
      upstream: 'd-keystone-1:4000',
      serverName: 'keystone',
    }).content;
    expect(text).toContain('LoadModule proxy_uwsgi_module /usr/lib/apache2/modules/mod_proxy_uwsgi.so\n');
    expect(text).toContain(
      '  ProxyPreserveHost On\n  ProxyPass / uwsgi://d-keystone-1:4000/ retry=0 disablereuse=On\n',
    );
    expect(text).not.toContain('mod_wsgi.so');
  });

  it('splits a replica into an app container (uWSGI) and a web container', () => {
    const tiers = renderReplica(
      CINDER,
      resolveNginxUwsgi('s/cinder', {}, CINDER),
      [],
      {},
      { origin: 's/cinder', app: 'd-cinder-1' },
    );
    expect(tiers.app.probePort).toBe(3101);
    expect(tiers.app.files.map((f) => f.path)).toEqual([
      '/etc/wsgiform/uwsgi.ini',
      '/usr/local/bin/wsgiform-start',
    ]);
    expect(tiers.app.files[1].content).toContain('exec /usr/bin/uwsgi --ini /etc/wsgiform/uwsgi.ini\n');
    expect(tiers.web!.image).toBe('nginx');
    expect(tiers.web!.files[1].content).toContain('exec /usr/sbin/nginx -c /etc/wsgiform/nginx.conf\n');
  });
});
