import { FrontendKind, asService, type ConfigContext, type ServiceFacts } from './module';

/**
 * Nova's compute API as Debian bookworm packages it (nova-api 2:26, Zed). No image in images/
 * yet: use ImageSource.fromImages({ nova: … }). Sources: reference/openstack-deployment-anchors.md
 * §9 (entry points, port 8774, OS_NOVA_CONFIG_FILES) and §8 (no /healthcheck by default: kolla
 * and openstack-ansible check `/`); puppet-nova warns that the API supports only threads=1.
 */
export const NOVA: ServiceFacts = {
  name: 'nova',
  title: 'Nova (compute API)',
  image: 'nova',
  port: 8774,
  healthPath: '/',
  healthPaths: ['/'],
  user: 'nova',
  group: 'nova',
  wsgiScript: '/usr/bin/nova-api-wsgi',
  wsgiCallable: 'nova.api.openstack.compute.wsgi:init_application',
  standalone: undefined,
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
  ],
  configFile: '/etc/nova/nova.conf',
  configDelivery: { kind: 'env', variable: 'OS_NOVA_CONFIG_FILES' },
  singleThreaded: true,
  catalog: { type: 'compute', name: 'nova', path: '/v2.1', description: 'Nova Compute Service' },
  sharedVolumes: [],
  defaultConfig: (ctx: ConfigContext) => ({
    DEFAULT: { use_stderr: 'true' },
    api_database: { connection: ctx.databaseUrl },
    database: { connection: ctx.databaseUrl },
    oslo_middleware: { enable_proxy_headers_parsing: 'true' },
  }),
  bootstrap: () => [
    asService(NOVA, ['nova-manage', 'api_db', 'sync']),
    asService(NOVA, ['nova-manage', 'db', 'sync']),
  ],
};
