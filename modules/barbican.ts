import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Barbican (key manager) as Debian bookworm packages it: barbican-api 1:15.0.1 (Zed).
 * Entry point: pbr `wsgi_scripts` `barbican-wsgi-api` (`barbican.api.app:get_api_wsgi_script`),
 * which loads the paste file at the fixed path /etc/barbican/barbican-api-paste.ini that
 * barbican-common's postinst installs. Config is parsed at import with no arguments: the default
 * path /etc/barbican/barbican.conf. `/` answers 300; `/healthcheck` is oslo.middleware's app with
 * the disable-by-file switch /etc/barbican/healthcheck_disable. `/v1` always goes through
 * keystonemiddleware. With `[queue] enable = False` (the default) secrets are stored by the API
 * itself: no barbican-worker is needed.
 */
export const definition = new ServiceDefinition({
  name: 'barbican',
  title: 'Barbican (key manager)',
  image: openstackImage({
    packages: ['barbican-api'],
    debconfSelections: noDebconfSetup('barbican'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/barbican-wsgi-api'),
  port: 9311,
  healthPaths: ['/healthcheck'],
  healthDisableFile: '/etc/barbican/healthcheck_disable',
  user: 'barbican',
  config: {
    path: '/etc/barbican/barbican.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, host_href: Wiring.PUBLIC_URL },
    },
  },
  database: {
    config: {
      DEFAULT: { sql_connection: Wiring.DATABASE_URL },
      ...osloDatabase(),
    },
    migrations: [{ argv: ['barbican-db-manage', 'upgrade'] }],
  },
  identity: {
    catalogType: 'key-manager',
    description: 'Barbican Key Management Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
