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

const CONF = '/etc/cyborg/cyborg.conf';

/**
 * Cyborg (accelerators), which Debian does not package: a definition from upstream's Zed
 * release (cyborg 9.0.0), for an image the operator supplies. NOT PROVEN by wsgiform's tests.
 * Entry point: pbr `wsgi_scripts` `cyborg-wsgi-api` (`cyborg.api.wsgi_app:init_application`),
 * which parses `sys.argv` and the default path /etc/cyborg/cyborg.conf, then the paste file
 * api-paste.ini found next to it (the image must put upstream's in /etc/cyborg). Port 6666
 * (`[api] port`). No `/healthcheck`: `/` is a public route and answers 200 with the version
 * document. Catalog type `accelerator`, path `/v2` as in cyborg's devstack plugin. Listing
 * device profiles reads the database; cyborg-conductor and cyborg-agent manage devices.
 */
export const definition = new ServiceDefinition({
  name: 'cyborg',
  title: 'Cyborg (accelerators)',
  image: ServiceImage.userSupplied(
    'not packaged by Debian bookworm: cyborg 9.0.0 with cyborg-wsgi-api, /etc/cyborg/api-paste.ini, Apache + mod_wsgi or uWSGI with the Python 3 plugin, curl and setpriv, a cyborg user',
  ),
  entryPoint: EntryPoint.script('/usr/local/bin/cyborg-wsgi-api'),
  port: 6666,
  healthPaths: ['/'],
  user: 'cyborg',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['cyborg-dbsync', '--config-file', CONF, 'upgrade'] }],
  },
  identity: {
    catalogType: 'accelerator',
    catalogPath: '/v2',
    description: 'Cyborg Accelerator Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
