import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
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
 * CloudKitty (rating) as Debian bookworm packages it: cloudkitty-api 17.0.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `cloudkitty-api` (`cloudkitty.api.app:build_wsgi_app`), which
 * reads `sys.argv` and the default path /etc/cloudkitty/cloudkitty.conf, then the paste file
 * /etc/cloudkitty/api_paste.ini (installed by cloudkitty-common) with oslo.middleware's
 * healthcheck before the token check (`/healthcheck`, 200; `/` is public and answers 200 too).
 * Port 8889 (`[api] port`). The API opens its storage back end when it starts; upstream's
 * default is InfluxDB (storage v2). wsgiform uses the v1 SQLAlchemy storage in the service's
 * own database (`[storage] backend = sqlalchemy`, `version = 1`), with which CloudKitty serves
 * the v1 API only. Listing rating modules needs nothing else; cloudkitty-processor computes
 * ratings from collected metrics.
 */
export const definition = new ServiceDefinition({
  name: 'cloudkitty',
  title: 'CloudKitty (rating)',
  image: openstackImage({
    packages: ['cloudkitty-api'],
    debconfSelections: noDebconfSetup('cloudkitty'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/cloudkitty-api'),
  port: 8889,
  healthPaths: ['/healthcheck', '/'],
  healthDisableFile: '/etc/cloudkitty/healthcheck_disable',
  user: 'cloudkitty',
  config: {
    path: '/etc/cloudkitty/cloudkitty.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, auth_strategy: 'noauth' },
      storage: { backend: 'sqlalchemy', version: '1' },
      oslo_concurrency: { lock_path: '/var/lock/cloudkitty' },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['cloudkitty-storage-init'] }, { argv: ['cloudkitty-dbsync', 'upgrade'] }],
  },
  identity: {
    catalogType: 'rating',
    description: 'CloudKitty Rating Service',
    config: { DEFAULT: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
