import { FrontendKind } from '../lib/core/frontend-kind';
import {
  ConfigDelivery,
  EntryPoint,
  ServiceDefinition,
  ServiceImage,
  Wiring,
} from '../lib/definition/service-definition';
import { COMMON_DEFAULTS, keystoneAuthtoken } from './shared/openstack';

/**
 * Glance's API as Debian bookworm packages it (glance-api, Zed). Not yet proven by an
 * end-to-end deployment here. Entry points `glance-wsgi-api` and `glance-api` (eventlet), port
 * 9292. Its WSGI app reads only `OS_GLANCE_CONFIG_DIR` (a directory), so the config goes to the
 * default path. Image uploads are chunked request bodies, which mod_proxy_uwsgi refuses (devstack
 * serves Glance through mod_proxy_http for that reason, uWSGI issue #1540).
 */
export const definition = new ServiceDefinition({
  name: 'glance',
  title: 'Glance (image API)',
  image: ServiceImage.debianPackages({ packages: ['glance-api'] }),
  entryPoint: EntryPoint.script('/usr/bin/glance-wsgi-api'),
  port: 9292,
  healthPaths: ['/healthcheck'],
  user: 'glance',
  frontends: [
    FrontendKind.UWSGI_HTTP,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.STANDALONE,
  ],
  config: {
    path: '/etc/glance/glance-api.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: { ...COMMON_DEFAULTS, DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, workers: Wiring.WORKERS } },
  },
  chunkedUploads: true,
  database: {
    config: { database: { connection: Wiring.DATABASE_URL } },
    migrations: [{ argv: ['glance-manage', 'db_sync'] }],
  },
  identity: {
    catalogType: 'image',
    description: 'Glance Image Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  standalone: { command: ['/usr/bin/glance-api'] },
});
