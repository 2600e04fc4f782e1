import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  serviceUserAuth,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/trove/trove.conf';

/**
 * Trove (database as a service) as Debian bookworm packages it: trove-api 1:18.0.0 (Zed).
 * Debian's init script runs the eventlet `trove-api`; the WSGI application is the module-level
 * `trove.cmd.app_wsgi:application` ("used for deploying Trove API through mod-wsgi"), built at
 * import from `sys.argv` and the default path /etc/trove/trove.conf, with the paste file
 * /etc/trove/api-paste.ini (installed by trove-common). Port 8779 (`bind_port`). No
 * `/healthcheck`: `/` is the version document outside the token check (200). The API sets up
 * its RPC transport when it starts, so it needs the message bus. Listing datastores reads the
 * database; listing instances also lists the project's servers in Nova, and creating one needs
 * trove-taskmanager, trove-conductor, Nova, Cinder and Neutron. Quirk: Debian's trove-manage
 * fails on Python 3.11 (`inspect.getargspec`); the bootstrap job runs it with a shim.
 */
export const definition = new ServiceDefinition({
  name: 'trove',
  title: 'Trove (database as a service)',
  image: openstackImage({
    packages: ['trove-api'],
    debconfSelections: noDebconfSetup('trove'),
  }),
  entryPoint: EntryPoint.callable('trove.cmd.app_wsgi:application'),
  port: 8779,
  healthPaths: ['/'],
  user: 'trove',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [
      {
        // trove-manage 18.0.0 calls inspect.getargspec, which Python 3.11 removed (bookworm's
        // trove-manage fails with AttributeError); getfullargspec returns the fields it reads.
        argv: [
          'python3',
          '-c',
          "import inspect, runpy, sys; inspect.getargspec = inspect.getfullargspec; sys.argv[0] = 'trove-manage'; runpy.run_path('/usr/bin/trove-manage', run_name='__main__')",
          '--config-file',
          CONF,
          'db_sync',
        ],
      },
    ],
  },
  identity: {
    catalogType: 'database',
    catalogPath: '/v1.0/%(tenant_id)s',
    description: 'Trove Database Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      service_credentials: { ...serviceUserAuth(), region_name: Wiring.REGION },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  standalone: { command: ['/usr/bin/trove-api'] },
});
