import { FrontendKind, asService, type ConfigContext, type ServiceFacts } from './module';

/**
 * Glance's API as Debian bookworm packages it (glance-api, Zed). No image in images/ yet.
 * Sources: reference/openstack-deployment-anchors.md §9 (glance-wsgi-api, glance-api, port
 * 9292), §4 (devstack serves Glance through mod_proxy_http → uWSGI http-socket because
 * mod_proxy_uwsgi drops chunked request bodies, unbit/uwsgi#1540), §8 (healthcheck in every
 * paste pipeline).
 */
export const GLANCE: ServiceFacts = {
  name: 'glance',
  title: 'Glance (image API)',
  image: 'glance',
  port: 9292,
  healthPath: '/healthcheck',
  healthPaths: ['/healthcheck'],
  user: 'glance',
  group: 'glance',
  wsgiScript: '/usr/bin/glance-wsgi-api',
  wsgiCallable: 'glance.common.wsgi_app:init_app',
  standalone: { command: ['/usr/bin/glance-api'], workersOption: ['DEFAULT', 'workers'] },
  frontends: [
    FrontendKind.UWSGI_HTTP,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.STANDALONE,
  ],
  configFile: '/etc/glance/glance-api.conf',
  // glance's WSGI app reads OS_GLANCE_CONFIG_DIR only (a directory), so the default path it is.
  configDelivery: { kind: 'default-path' },
  singleThreaded: false,
  chunkedUploads: true,
  catalog: { type: 'image', name: 'glance', path: '', description: 'Glance Image Service' },
  sharedVolumes: [],
  defaultConfig: (ctx: ConfigContext) => ({
    DEFAULT: { use_stderr: 'true', workers: String(ctx.workers) },
    database: { connection: ctx.databaseUrl },
    oslo_middleware: { enable_proxy_headers_parsing: 'true' },
  }),
  bootstrap: () => [asService(GLANCE, ['glance-manage', 'db_sync'])],
};
