import { FrontendKind, asService, type ConfigContext, type ServiceFacts } from './module';

/**
 * Placement as Debian bookworm packages it (placement-api, Zed). No image in images/ yet.
 * Sources: reference/openstack-deployment-anchors.md §9 (placement-api script, port 8778 per
 * the install guide, kolla uses 8780, OS_PLACEMENT_CONFIG_DIR) and §8 (no /healthcheck: `/`
 * answers 200 with the version document); puppet and kolla run it with threads=1.
 */
export const PLACEMENT: ServiceFacts = {
  name: 'placement',
  title: 'Placement',
  image: 'placement',
  port: 8778,
  healthPath: '/',
  healthPaths: ['/'],
  user: 'placement',
  group: 'placement',
  wsgiScript: '/usr/bin/placement-api',
  wsgiCallable: 'placement.wsgi:init_application',
  standalone: undefined,
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
  ],
  configFile: '/etc/placement/placement.conf',
  // placement.wsgi reads OS_PLACEMENT_CONFIG_DIR only (a directory), so the default path it is.
  configDelivery: { kind: 'default-path' },
  singleThreaded: true,
  catalog: { type: 'placement', name: 'placement', path: '', description: 'Placement API' },
  sharedVolumes: [],
  defaultConfig: (ctx: ConfigContext) => ({
    DEFAULT: { use_stderr: 'true' },
    placement_database: { connection: ctx.databaseUrl },
    oslo_middleware: { enable_proxy_headers_parsing: 'true' },
  }),
  bootstrap: () => [asService(PLACEMENT, ['placement-manage', 'db', 'sync'])],
};
