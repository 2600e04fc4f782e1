import { ConfigFile, IniFlavor } from '../lib/definition/config-file';
import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/sahara/sahara.conf';
const WSGI = '/etc/sahara/wsgiform-wsgi.py';

/**
 * sahara/api/middleware/sahara_middleware.py registers the blueprint `v10` twice (for /v1.0
 * and /v1.1), which Flask refuses since 2.1 ("The name 'v10' is already registered"); bookworm
 * ships Flask 2.2.2, so Debian's sahara-api does not start. This script serves Debian's
 * sahara-wsgi-api with a second registration of a blueprint given a name of its own, which is
 * what Flask's error message asks for.
 */
const WRAPPER = ConfigFile.raw(
  WSGI,
  [
    "# Rendered by wsgiform: Debian's sahara-wsgi-api on Flask 2.2 (a blueprint registered twice gets a name of its own).",
    'import runpy',
    '',
    'import flask',
    '',
    '_register = flask.Flask.register_blueprint',
    '',
    '',
    'def _register_again(self, blueprint, **options):',
    "    if blueprint.name in self.blueprints and 'name' not in options:",
    "        prefix = options.get('url_prefix', '').strip('/').replace('.', '_').replace('/', '_')",
    "        options['name'] = '%s_%s' % (blueprint.name, prefix)",
    '    return _register(self, blueprint, **options)',
    '',
    '',
    'flask.Flask.register_blueprint = _register_again',
    "application = runpy.run_path('/usr/bin/sahara-wsgi-api', run_name='sahara_wsgi_api')['application']",
    '',
  ].join('\n'),
  0o644,
);

/**
 * Debian's /etc/sahara/api-paste.ini with oslo.middleware's healthcheck moved from behind the
 * token check (where Debian mounts it, so it answers 401) to the front of the pipeline.
 */
const PASTE = ConfigFile.ini(
  '/etc/sahara/api-paste.ini',
  {
    'pipeline:sahara': {
      pipeline: 'healthcheck cors http_proxy_to_wsgi request_id versions acl auth_validator sahara_apiv2',
    },
    'app:sahara_apiv2': { 'paste.app_factory': 'sahara.api.middleware.sahara_middleware:RouterV2.factory' },
    'filter:healthcheck': { 'paste.filter_factory': 'oslo_middleware:Healthcheck.factory' },
    'filter:cors': {
      'paste.filter_factory': 'oslo_middleware.cors:filter_factory',
      oslo_config_project: 'sahara',
    },
    'filter:request_id': { 'paste.filter_factory': 'oslo_middleware.request_id:RequestId.factory' },
    'filter:acl': { 'paste.filter_factory': 'keystonemiddleware.auth_token:filter_factory' },
    'filter:auth_validator': {
      'paste.filter_factory': 'sahara.api.middleware.auth_valid:AuthValidator.factory',
    },
    'filter:http_proxy_to_wsgi': { 'paste.filter_factory': 'oslo_middleware:HTTPProxyToWSGI.factory' },
    'filter:versions': {
      'paste.filter_factory': 'sahara.api.middleware.version_discovery:VersionResponseMiddlewareV2.factory',
    },
  },
  IniFlavor.PASTE,
);

/**
 * Sahara (data processing) as Debian bookworm packages it: sahara-api 1:16.0.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `sahara-wsgi-api` (`sahara.cli.sahara_api:setup_api`), served
 * through a small script that works around Sahara's double blueprint registration on Flask 2.2
 * (above); it
 * reads `sys.argv` and the default path /etc/sahara/sahara.conf, and the paste file
 * /etc/sahara/api-paste.ini. Port 8386 (`port`). The API runs in "distributed" mode: cluster
 * operations go over RPC to sahara-engine, so it sets up the message bus; listing clusters reads
 * the database. Plugins (vanilla, spark, …) that are not installed are skipped with a warning.
 * Debian registers the catalog type `data_processing`; the client looks up `data-processing`,
 * the type in os-service-types, which wsgiform registers.
 */
export const definition = new ServiceDefinition({
  name: 'sahara',
  title: 'Sahara (data processing)',
  image: openstackImage({
    packages: ['sahara-api'],
    debconfSelections: noDebconfSetup('sahara'),
  }),
  entryPoint: EntryPoint.script(WSGI),
  port: 8386,
  healthPaths: ['/healthcheck'],
  user: 'sahara',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  files: [PASTE, WRAPPER],
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['sahara-db-manage', '--config-file', CONF, 'upgrade', 'head'] }],
  },
  identity: {
    catalogType: 'data-processing',
    catalogPath: '/v1.1/%(tenant_id)s',
    description: 'Sahara Data Processing',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      // Sahara acts for users through trusts; without [trustee] it reads [keystone_authtoken]
      // from the files directly, a deprecated path that fails with KeyError at start.
      trustee: {
        auth_url: `${Wiring.IDENTITY_INTERNAL_URL}/v3`,
        username: Wiring.SERVICE_USER,
        password: Wiring.SERVICE_PASSWORD,
        project_name: 'service',
        user_domain_name: 'Default',
        project_domain_name: 'Default',
      },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
