import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/freezer/freezer-api.conf';

/**
 * Freezer (backup and restore) as Debian bookworm packages it: freezer-api 13.0.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `freezer-api-wsgi` (`freezer_api.service:initialize_app`),
 * which reads `sys.argv` and the default path /etc/freezer/freezer-api.conf, and the paste file
 * /etc/freezer/freezer-paste.ini (installed by freezer-api) whose pipeline starts with
 * oslo.middleware's healthcheck (`/healthcheck`, 200). Port 9090 (`bind-port`). The jobs,
 * sessions and backups live in the SQL database (`[storage] backend = driver = sqlalchemy`,
 * as Debian's own file sets it; upstream's default is Elasticsearch). Debian's client has no
 * `openstack` plugin: its CLI is `freezer` (`freezer job-list`).
 */
export const definition = new ServiceDefinition({
  name: 'freezer',
  title: 'Freezer (backup and restore)',
  image: openstackImage({
    packages: ['freezer-api'],
    debconfSelections: noDebconfSetup('freezer-api', 'freezer-api', 'freezer-api'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/freezer-api-wsgi'),
  port: 9090,
  healthPaths: ['/healthcheck'],
  healthDisableFile: '/etc/freezer/healthcheck_disable',
  user: 'freezer',
  config: {
    path: CONF,
    delivery: ConfigDelivery.defaultPath(),
    defaults: { ...COMMON_DEFAULTS, storage: { backend: 'sqlalchemy', driver: 'sqlalchemy' } },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['freezer-manage', 'db', 'sync'] }],
  },
  identity: {
    catalogType: 'backup',
    description: 'Freezer Backup Service',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  cache: USES_TOKEN_CACHE,
});
