import { ConfigFile } from '../lib/definition/config-file';
import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import { COMMON_DEFAULTS, keystoneAuthtoken, openstackImage, USES_TOKEN_CACHE } from './shared/openstack';

const WSGI = '/etc/zaqar/wsgiform-wsgi.py';
const REDIS_DATA = '/var/lib/zaqar/redis';

/**
 * Zaqar's WSGI app has no paste pipeline and no path that answers 200 without a token (`/` is
 * exempt from the token check but answers 300, `/v2/ping` needs a token). This script serves
 * Debian's module-level `zaqar.transport.wsgi.app:application` behind oslo.middleware's
 * healthcheck, the filter other APIs put first in their paste files.
 */
const WRAPPER = ConfigFile.raw(
  WSGI,
  [
    "# Rendered by wsgiform: Zaqar's WSGI transport behind oslo.middleware's /healthcheck.",
    'from oslo_middleware import healthcheck',
    '',
    'from zaqar.transport.wsgi import app as _zaqar',
    '',
    "application = healthcheck.Healthcheck(_zaqar.application, {'path': '/healthcheck'})",
    '',
  ].join('\n'),
  0o644,
);

/**
 * Zaqar (messaging) as Debian bookworm packages it: zaqar-server 15.0.0 (Zed). Debian runs
 * `zaqar-server`, which serves the WSGI transport with wsgiref's single-threaded simple_server;
 * the WSGI object is `zaqar.transport.wsgi.app:application`, which parses `sys.argv[1:]` with
 * the default files of project `zaqar` (/etc/zaqar/zaqar.conf), served here through a script
 * that adds `/healthcheck` (above). Port 8888. Both stores default to MongoDB, which bookworm does
 * not package; wsgiform uses Redis for both (`[drivers] message_store`/`management_store`,
 * Zaqar's documented alternative), a redis-server companion from Debian's package with its
 * append-only file on a volume. `auth_strategy` defaults to none: wsgiform sets `keystone`.
 * Catalog type `messaging` (Debian's postinst and the client's), at `/`.
 */
export const definition = new ServiceDefinition({
  name: 'zaqar',
  title: 'Zaqar (messaging)',
  image: openstackImage({
    packages: ['zaqar-server', 'python3-redis', 'redis-server'],
    debconfSelections: ['zaqar-server zaqar/configure_api-endpoint boolean false'],
  }),
  entryPoint: EntryPoint.script(WSGI),
  port: 8888,
  healthPaths: ['/healthcheck'],
  user: 'zaqar',
  config: {
    path: '/etc/zaqar/zaqar.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      drivers: { transport: 'wsgi', message_store: 'redis', management_store: 'redis' },
      'drivers:message_store:redis': { uri: `redis://${Wiring.companionHost('redis')}:6379` },
      'drivers:management_store:redis': { uri: `redis://${Wiring.companionHost('redis')}:6379` },
      'drivers:transport:wsgi': { bind: '0.0.0.0', port: '8888' },
    },
  },
  files: [WRAPPER],
  sharedVolumes: [{ name: 'redis', path: REDIS_DATA, private: true }],
  companions: [
    {
      name: 'redis',
      // On the deployment network only; its data is the queues' messages, appended to a file.
      command: [
        '/usr/bin/redis-server',
        '--bind',
        '0.0.0.0',
        '--port',
        '6379',
        '--protected-mode',
        'no',
        '--dir',
        REDIS_DATA,
        '--appendonly',
        'yes',
        '--save',
        '',
      ],
      configFiles: false,
      healthcheck: ['redis-cli', 'ping'],
    },
  ],
  identity: {
    catalogType: 'messaging',
    description: 'Zaqar Messaging Service',
    config: { DEFAULT: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  cache: USES_TOKEN_CACHE,
});
