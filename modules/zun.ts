import {
  ConfigDelivery,
  EntryPoint,
  ServiceDefinition,
  ServiceImage,
} from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  osloDatabase,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Zun (containers), which Debian does not package: a definition from upstream's Zed release
 * (zun 10.0.1), for an image the operator supplies. NOT PROVEN by wsgiform's tests.
 * Entry point: pbr `wsgi_scripts` `zun-api-wsgi` (`zun.api.wsgi:init_application`, setup.cfg),
 * which parses `sys.argv` and the default path /etc/zun/zun.conf (zun/common/config.py), then
 * the paste file `[api] api_paste_config` (api-paste.ini) found next to it: pip installs
 * upstream's under its prefix, where oslo.config does not look, so the image must put it in
 * /etc/zun. Port 9517 (`[api] port`). `/healthcheck` is oslo.middleware's app in upstream's
 * paste file, outside the token check (200). Catalog type `container` (the client looks it up
 * under that name; os-service-types' name is `application-container`), path `/v1` as in zun's
 * devstack plugin. Listing containers reads the database; zun-compute runs them.
 */
export const definition = new ServiceDefinition({
  name: 'zun',
  title: 'Zun (containers)',
  image: ServiceImage.userSupplied(
    'not packaged by Debian bookworm: zun 10.0.1 with zun-api-wsgi, /etc/zun/api-paste.ini, Apache + mod_wsgi or uWSGI with the Python 3 plugin, curl and setpriv, a zun user',
  ),
  entryPoint: EntryPoint.script('/usr/local/bin/zun-api-wsgi'),
  port: 9517,
  healthPaths: ['/healthcheck', '/'],
  healthDisableFile: '/etc/zun/healthcheck_disable',
  user: 'zun',
  config: { path: '/etc/zun/zun.conf', delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['zun-db-manage', 'upgrade'] }],
  },
  identity: {
    catalogType: 'container',
    catalogPath: '/v1',
    description: 'Zun Container Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
