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
 * Nova's compute API as Debian bookworm packages it (nova-api 2:26, Zed). Not yet proven by an
 * end-to-end deployment here. Entry point `nova-api-wsgi` (pbr `wsgi_scripts`), port 8774,
 * `OS_NOVA_CONFIG_FILES`. Nova's paste pipeline has no `/healthcheck` by default; kolla-ansible
 * and openstack-ansible check `/`. puppet-nova warns that the API supports only threads=1.
 */
export const definition = new ServiceDefinition({
  name: 'nova',
  title: 'Nova (compute API)',
  image: ServiceImage.debianPackages({ packages: ['nova-api'] }),
  entryPoint: EntryPoint.script('/usr/bin/nova-api-wsgi'),
  port: 8774,
  healthPaths: ['/'],
  user: 'nova',
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
  ],
  config: {
    path: '/etc/nova/nova.conf',
    delivery: ConfigDelivery.environment('OS_NOVA_CONFIG_FILES'),
    defaults: COMMON_DEFAULTS,
  },
  singleThreaded: true,
  database: {
    config: {
      api_database: { connection: Wiring.DATABASE_URL },
      database: { connection: Wiring.DATABASE_URL },
    },
    migrations: [{ argv: ['nova-manage', 'api_db', 'sync'] }, { argv: ['nova-manage', 'db', 'sync'] }],
  },
  identity: {
    catalogType: 'compute',
    catalogPath: '/v2.1',
    description: 'Nova Compute Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
});
