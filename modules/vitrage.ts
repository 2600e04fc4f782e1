import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  connectedToMessageBus,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  serviceUserAuth,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Vitrage (root cause analysis) as Debian bookworm packages it: vitrage-api and vitrage-graph
 * 9.0.0 (Zed). Debian's `vitrage-api` starts uWSGI itself when one is on its PATH (else
 * werkzeug's test server); the WSGI application is python3-vitrage's `vitrage/api/app.wsgi`
 * ("for deploying the API under mod_wsgi"), which reads only the default path
 * /etc/vitrage/vitrage.conf and the paste file /etc/vitrage/api-paste.ini. Port 8999 (`[api]
 * port`). `/healthcheck` is oslo.middleware's app (200). Before every v1 call the API asks
 * vitrage-graph over RPC whether it is alive (`[api] check_backend`) and answers 503 if not, so
 * vitrage-graph runs next to it. Its data sources default to Nova, Cinder and Neutron, which it
 * polls; wsgiform enables only the static data source, and an operator who has those services
 * adds them with `config: { datasources: { types: '…' } }`.
 */
export const definition = new ServiceDefinition({
  name: 'vitrage',
  title: 'Vitrage (root cause analysis)',
  image: openstackImage({
    packages: ['vitrage-api', 'vitrage-graph'],
    debconfSelections: noDebconfSetup('vitrage'),
  }),
  entryPoint: EntryPoint.script('/usr/lib/python3/dist-packages/vitrage/api/app.wsgi'),
  port: 8999,
  healthPaths: ['/healthcheck', '/'],
  user: 'vitrage',
  config: {
    path: '/etc/vitrage/vitrage.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      api: { auth_mode: 'noauth' },
      datasources: { types: 'static' },
      evaluator: { workers: '1' },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['vitrage-dbsync'] }],
  },
  identity: {
    catalogType: 'rca',
    description: 'Vitrage Root Cause Analysis Service',
    config: {
      api: { auth_mode: 'keystone' },
      keystone_authtoken: keystoneAuthtoken(),
      service_credentials: { ...serviceUserAuth(), region_name: Wiring.REGION, interface: 'internal' },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  companions: [{ name: 'graph', command: ['/usr/bin/vitrage-graph'], healthcheck: connectedToMessageBus() }],
});
