import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  serviceUserAuth,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/watcher/watcher.conf';

/**
 * Watcher (infrastructure optimization) as Debian bookworm packages it: watcher-api 9.0.0 (Zed).
 * Debian's init script runs the eventlet `watcher-api`; the WSGI entry point is pbr's
 * `watcher-api-wsgi` (`watcher.api.wsgi:initialize_wsgi_app`), which reads `sys.argv` and the
 * default path /etc/watcher/watcher.conf. Port 9322 (`[api] port`). No `/healthcheck`: `/` is a
 * public route and answers 200. Listing audits reads the database; watcher-decision-engine and
 * watcher-applier are only needed to run them.
 */
export const definition = new ServiceDefinition({
  name: 'watcher',
  title: 'Watcher (infrastructure optimization)',
  image: openstackImage({
    packages: ['watcher-api'],
    debconfSelections: noDebconfSetup('watcher'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/watcher-api-wsgi'),
  port: 9322,
  healthPaths: ['/'],
  user: 'watcher',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['watcher-db-manage', '--config-file', CONF, 'upgrade'] }],
  },
  identity: {
    catalogType: 'infra-optim',
    description: 'Watcher Infrastructure Optimization Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      watcher_clients_auth: serviceUserAuth(),
    },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
