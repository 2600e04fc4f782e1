import {
  ConfigDelivery,
  DatabaseCharacterSet,
  EntryPoint,
  ServiceDefinition,
} from '../lib/definition/service-definition';
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
 * Manila (shared file systems) as Debian bookworm packages it: manila-api 1:15.1.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `manila-wsgi` (`manila.wsgi.wsgi:initialize_application`),
 * which parses `sys.argv` and the default path /etc/manila/manila.conf; paste from
 * /etc/manila/api-paste.ini (installed by manila-common). Port 8786
 * (`osapi_share_listen_port`). `/healthcheck` is oslo.middleware's app with the disable-by-file
 * switch /etc/manila/healthcheck_disable; `/` answers 300. The catalog entry is `sharev2`, the
 * one the client's `share` commands use. Listing shares reads the database; manila-scheduler and
 * manila-share are only needed to create them.
 */
export const definition = new ServiceDefinition({
  name: 'manila',
  title: 'Manila (shared file systems)',
  image: openstackImage({
    packages: ['manila-api'],
    debconfSelections: noDebconfSetup('manila'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/manila-wsgi'),
  port: 8786,
  healthPaths: ['/healthcheck'],
  healthDisableFile: '/etc/manila/healthcheck_disable',
  user: 'manila',
  config: {
    path: '/etc/manila/manila.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: {
        ...COMMON_DEFAULTS.DEFAULT,
        auth_strategy: 'noauth',
        api_paste_config: '/etc/manila/api-paste.ini',
      },
      oslo_concurrency: { lock_path: '/var/lib/manila/tmp' },
    },
  },
  // Manila's migrations convert tables to utf8, which MariaDB refuses on a utf8mb4 database for
  // columns used in foreign keys (error 1833, measured with MariaDB 10.11).
  database: {
    characterSet: DatabaseCharacterSet.UTF8,
    config: osloDatabase(),
    migrations: [{ argv: ['manila-manage', 'db', 'sync'] }],
  },
  identity: {
    catalogType: 'sharev2',
    catalogPath: '/v2/%(tenant_id)s',
    description: 'Manila Shared File Systems Service V2',
    config: { DEFAULT: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
