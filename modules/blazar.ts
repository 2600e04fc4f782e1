import { ConfigFile } from '../lib/definition/config-file';
import {
  ConfigDelivery,
  EntryPoint,
  ServiceDefinition,
  ServiceImage,
} from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  connectedToMessageBus,
  keystoneAuthtoken,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/blazar/blazar.conf';
const WSGI = '/etc/blazar/wsgiform-wsgi.py';

/**
 * Blazar's app has no path that answers 200 without a token (`/` is 401 without one, 300 with
 * one; no paste file to add a filter to), so wsgiform serves it wrapped in oslo.middleware's
 * healthcheck, as Octavia does in its own code.
 */
const WRAPPER = ConfigFile.raw(
  WSGI,
  [
    '# Rendered by wsgiform: blazar-api-wsgi behind oslo.middleware healthcheck (/healthcheck).',
    'from blazar.api.wsgi_app import init_app',
    'from oslo_middleware.healthcheck import Healthcheck',
    '',
    'application = Healthcheck(init_app(), {})',
    '',
  ].join('\n'),
  0o644,
);

/**
 * Blazar (reservations), which Debian does not package: a definition from upstream's Zed release
 * (blazar 10.0.0), for an image the operator supplies. NOT PROVEN by wsgiform's tests.
 * Entry point: pbr `wsgi_scripts` `blazar-api-wsgi` (`blazar.api.wsgi_app:init_app`), which reads
 * only `$OS_BLAZAR_CONFIG_DIR/blazar.conf` (default /etc/blazar) and no arguments; wsgiform
 * serves it through a small script that wraps it in oslo.middleware's healthcheck. Port 1234
 * (blazar's devstack plugin). Catalog type `reservation`, path `/v1`. Every lease and host call
 * is an RPC call to blazar-manager, which runs next to the API.
 */
export const definition = new ServiceDefinition({
  name: 'blazar',
  title: 'Blazar (reservations)',
  image: ServiceImage.userSupplied(
    'not packaged by Debian bookworm: blazar 10.0.0 with /usr/local/bin/blazar-manager, Apache + mod_wsgi or uWSGI with the Python 3 plugin, curl and setpriv, a blazar user',
  ),
  entryPoint: EntryPoint.script(WSGI),
  port: 1234,
  healthPaths: ['/healthcheck'],
  user: 'blazar',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  files: [WRAPPER],
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['blazar-db-manage', '--config-file', CONF, 'upgrade', 'head'] }],
  },
  identity: {
    catalogType: 'reservation',
    catalogPath: '/v1',
    description: 'Blazar Reservation Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  companions: [
    { name: 'manager', command: ['/usr/local/bin/blazar-manager'], healthcheck: connectedToMessageBus() },
  ],
});
