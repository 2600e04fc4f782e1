import { Testing } from 'cdktf';
import {
  ApiService,
  Database,
  DockerHost,
  Frontend,
  ImageSource,
  LoadBalancer,
  MessageBus,
  Secret,
  BuiltinServices,
  ServiceDefinition,
} from '../../lib';
import { containers, synthCinder, upload } from '../support/stacks';

describe('Frontend.nginxUwsgi', () => {
  const byName = containers(synthCinder({ frontend: Frontend.nginxUwsgi() }));
  const haproxy = upload(byName['wsgiform-lb'], '/etc/wsgiform/haproxy.cfg');

  it('puts an nginx container in front of each uWSGI container and balances the nginx ones', () => {
    expect(
      Object.keys(byName)
        .filter((n) => n.startsWith('wsgiform-cinder'))
        .sort(),
    ).toEqual([
      'wsgiform-cinder-1',
      'wsgiform-cinder-2',
      'wsgiform-cinder-bootstrap',
      'wsgiform-cinder-web-1',
      'wsgiform-cinder-web-2',
    ]);
    expect(haproxy).toContain('  server wsgiform-cinder-web-1 wsgiform-cinder-web-1:8776\n');
    expect(haproxy).not.toContain('server wsgiform-cinder-1 ');
  });

  it('retries another replica when a web tier answers 502 while its app restarts', () => {
    expect(haproxy).toContain(
      'backend cinder\n  balance roundrobin\n  retry-on conn-failure empty-response 500 502 503 504\n  http-request disable-l7-retry unless METH_GET or METH_OPTIONS\n',
    );
    expect(haproxy).not.toMatch(/backend keystone\n[^\n]*\n  retry-on/);
  });

  it('probes uWSGI on its loopback HTTP port and nginx on the service port; starts the app first', () => {
    expect(byName['wsgiform-cinder-1'].healthcheck.test).toContain('http://127.0.0.1:3101/healthcheck');
    expect(byName['wsgiform-cinder-web-1'].healthcheck.test).toContain('http://127.0.0.1:8776/healthcheck');
    expect(byName['wsgiform-cinder-web-1'].depends_on).toHaveLength(1);
    expect(byName['wsgiform-cinder-web-1'].depends_on[0]).toMatch(/^docker_container\.cinder_replica-1_/);
    expect(byName['wsgiform-cinder-web-1'].image).toMatch(/docker_image\.host_image-nginx_/);
    expect(upload(byName['wsgiform-cinder-1'], '/etc/wsgiform/uwsgi.ini')).toContain(
      'socket = 0.0.0.0:3100\n',
    );
  });
});

describe('Frontend.apacheProxyUwsgi and Frontend.uwsgiHttp', () => {
  it('runs Apache mod_proxy_uwsgi from the apache image in front of uWSGI', () => {
    const byName = containers(synthCinder({ frontend: Frontend.apacheProxyUwsgi() }));
    expect(byName['wsgiform-cinder-web-2'].image).toMatch(/docker_image\.host_image-apache_/);
    expect(upload(byName['wsgiform-cinder-web-2'], '/etc/wsgiform/apache2.conf')).toContain(
      'ProxyPass / uwsgi://wsgiform-cinder-2:3100/ retry=0 disablereuse=On',
    );
  });

  it('serves uWSGI http straight to HAProxy, with no web container', () => {
    const byName = containers(synthCinder({ frontend: Frontend.uwsgiHttp() }));
    expect(byName['wsgiform-cinder-web-1']).toBeUndefined();
    expect(upload(byName['wsgiform-cinder-1'], '/etc/wsgiform/uwsgi.ini')).toContain(
      'http-socket = 0.0.0.0:8776\n',
    );
    expect(upload(byName['wsgiform-lb'], '/etc/wsgiform/haproxy.cfg')).toContain(
      '  server wsgiform-cinder-1 wsgiform-cinder-1:8776\n',
    );
  });
});

/** A stack with one service of `module` and `frontend`, synthesized. */
function synthService(module: ServiceDefinition, frontend: Frontend, extra: Record<string, unknown> = {}) {
  return Testing.synthScope((s) => {
    const host = new DockerHost(s, 'host', { images: undefined });
    new ApiService(s, module.name, {
      host,
      lb: new LoadBalancer(s, 'lb', { host }),
      database: new Database(s, 'db', { host }),
      databasePassword: new Secret(s, 'db_password'),
      service: module,
      frontend,
      ...extra,
    });
  });
}

describe('checks the anchors leave to luck', () => {
  it('Nova and Placement with threads > 1', () => {
    expect(() => synthService(BuiltinServices.named('nova'), Frontend.apacheModWsgi({ threads: 4 }))).toThrow(
      '[stack/nova] threads=4: nova only supports 1; raise processes instead',
    );
    expect(() =>
      synthService(BuiltinServices.named('placement'), Frontend.uwsgiHttp({ uwsgi: { threads: 2 } })),
    ).toThrow('[stack/placement] uwsgi.threads=2: placement only supports 1; raise processes instead');
  });

  it('Glance (chunked uploads) behind mod_proxy_uwsgi or another uWSGI frontend', () => {
    expect(() => synthService(BuiltinServices.named('glance'), Frontend.apacheProxyUwsgi())).toThrow(
      '[stack/glance] frontend=apache-proxy-uwsgi: glance takes chunked uploads and mod_proxy_uwsgi refuses them with 411 (unbit/uwsgi#1540, devstack); use Frontend.standalone()',
    );
    expect(() => synthService(BuiltinServices.named('glance'), Frontend.nginxUwsgi())).toThrow(
      /glance takes chunked uploads and nginx's uwsgi_pass/,
    );
  });

  it('X-Forwarded-Proto set at a hop that does not terminate TLS', () => {
    expect(() =>
      synthCinder({ frontend: Frontend.apacheModWsgi({ requestHeaders: { 'X-Forwarded-Proto': 'https' } }) }),
    ).toThrow(
      /\[stack\/cinder\] requestHeaders\[X-Forwarded-Proto\]: X-Forwarded-Proto is set only at the hop that terminates TLS/,
    );
  });

  it('a health path the service does not serve with 200', () => {
    expect(() => synthCinder({ healthCheck: { path: '/' } })).toThrow(
      '[stack/cinder] healthCheck.path="/": cinder does not answer it with 200; use one of /healthcheck',
    );
    expect(() =>
      synthService(BuiltinServices.named('nova'), Frontend.uwsgiHttp(), {
        healthCheck: { path: '/healthcheck' },
      }),
    ).toThrow('[stack/nova] healthCheck.path="/healthcheck": nova does not answer it with 200; use one of /');
  });

  it('a uWSGI module that is not module:callable', () => {
    expect(() =>
      synthCinder({ frontend: Frontend.uwsgiHttp({ uwsgi: { module: '/usr/bin/cinder-wsgi' } }) }),
    ).toThrow(
      `[stack/cinder] uwsgi.module="/usr/bin/cinder-wsgi": use 'package.module:callable' naming a WSGI application object (e.g. cinder.wsgi.api:application in releases that ship one); leave it unset for the package's WSGI script`,
    );
  });
});

describe("each module's own bootstrap job", () => {
  it.each([
    [
      'nova',
      BuiltinServices.named('nova'),
      [
        'nova-manage api_db sync',
        'nova-manage cell_v2 map_cell0',
        "sh -ec 'nova-manage cell_v2 list_cells | grep -q '\\'' cell1 '\\'' || nova-manage cell_v2 create_cell --name cell1 --verbose'",
        'nova-manage db sync',
      ],
    ],
    ['placement', BuiltinServices.named('placement'), ['placement-manage db sync']],
    ['glance', BuiltinServices.named('glance'), ['glance-manage db_sync']],
  ])('%s migrates with its own commands', (name, module, commands) => {
    const s = Testing.synthScope((scope) => {
      const host = new DockerHost(scope, 'host', {
        images: ImageSource.fromImages({
          [name]: `prebuilt/${name}`,
          haproxy: 'h',
          mariadb: 'm',
          rabbitmq: 'r',
        }),
      });
      new ApiService(scope, name, {
        host,
        lb: new LoadBalancer(scope, 'lb', { host }),
        database: new Database(scope, 'db', { host }),
        // Nova maps cell1 to the bus and cannot answer without it.
        messageBus:
          name === 'nova'
            ? new MessageBus(scope, 'bus', { host, password: new Secret(scope, 'rabbit') })
            : undefined,
        databasePassword: new Secret(scope, 'db_password'),
        service: module as ServiceDefinition,
        frontend: name === 'glance' ? Frontend.standalone() : Frontend.uwsgiHttp(),
      });
    });
    const script = upload(containers(s)[`wsgiform-${name}-bootstrap`], '/usr/local/bin/wsgiform-bootstrap');
    for (const c of commands as string[]) {
      expect(script).toContain(`setpriv --reuid=${name} --regid=${name} --init-groups -- ${c}\n`);
    }
  });
});
