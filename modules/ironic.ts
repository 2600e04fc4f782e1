import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
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

const CONF = '/etc/ironic/ironic.conf';

/**
 * Ironic (bare metal) as Debian bookworm packages it: ironic-api 1:21.4.4 (Zed).
 * Entry point: pbr `wsgi_scripts` `ironic-api-wsgi` (`ironic.api.wsgi:initialize_wsgi_app`),
 * which parses `sys.argv` and the default path /etc/ironic/ironic.conf (project ironic); no
 * paste file (a pecan app). Port 6385 (`[api] port`). `/` is the root document (200);
 * `/healthcheck` exists only with `[healthcheck] enabled = true`, which wsgiform sets, so the
 * probe does not depend on the version document. Debian's uWSGI ini runs 1 thread per process,
 * and so does wsgiform. Listing nodes reads the database; the API refuses to start without an
 * RPC transport (`ensure_rpc_transport`), so it needs the message bus, and ironic-conductor
 * only for actions on nodes.
 */
export const definition = new ServiceDefinition({
  name: 'ironic',
  title: 'Ironic (bare metal)',
  image: openstackImage({
    packages: ['ironic-api'],
    debconfSelections: noDebconfSetup('ironic'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/ironic-api-wsgi'),
  port: 6385,
  healthPaths: ['/healthcheck', '/'],
  user: 'ironic',
  singleThreaded: true,
  config: {
    path: CONF,
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, auth_strategy: 'noauth' },
      healthcheck: { enabled: 'true' },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['ironic-dbsync', '--config-file', CONF, 'upgrade'] }],
  },
  identity: {
    catalogType: 'baremetal',
    // devstack's endpoint (no path); Debian's postinst adds /v1, which the client strips again.
    description: 'Ironic Bare Metal Provisioning Service',
    config: {
      DEFAULT: { auth_strategy: 'keystone' },
      keystone_authtoken: keystoneAuthtoken(),
      service_catalog: serviceUserAuth(),
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
