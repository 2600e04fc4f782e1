import {
  ConfigDelivery,
  EntryPoint,
  ServiceDefinition,
  ServiceImage,
} from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
  keystoneAuthtoken,
  noDebconfSetup,
  osloDatabase,
  serviceUserAuth,
} from './shared/openstack';

const CONF = '/etc/magnum/magnum.conf';

/**
 * Magnum (container infrastructure) as Debian bookworm packages it: magnum-api 15.0.1 (Zed).
 * Entry point: pbr `wsgi_scripts` `magnum-api-wsgi` (`magnum.api.app:build_wsgi_app`), which
 * reads the default path /etc/magnum/magnum.conf and the paste file /etc/magnum/api-paste.ini
 * (installed by magnum-common). Port 9511 (`[api] port`). `/healthcheck` and `/` (a public
 * route) answer 200. Listing clusters and templates reads the database; magnum-conductor is only
 * needed to create them.
 */
export const definition = new ServiceDefinition({
  name: 'magnum',
  title: 'Magnum (container infrastructure)',
  image: ServiceImage.debianPackages({
    packages: ['magnum-api'],
    debconfSelections: noDebconfSetup('magnum'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/magnum-api-wsgi'),
  port: 9511,
  healthPaths: ['/healthcheck', '/'],
  user: 'magnum',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['magnum-db-manage', `--config-file=${CONF}`, 'upgrade'] }],
  },
  identity: {
    catalogType: 'container-infra',
    catalogPath: '/v1',
    description: 'Magnum Container Infrastructure Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      keystone_auth: serviceUserAuth(),
    },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
