import { FrontendKind, asService, type ConfigContext, type ServiceFacts } from './module';

/**
 * Cinder's API as Debian bookworm packages it: cinder-api 2:21.3.1 (Zed).
 * Sources: pbr wsgi_scripts / console_scripts of cinder 2023.1 setup.cfg; Debian's
 * /etc/cinder/api-paste.ini serves /healthcheck; reference/real-servers-baseline.md G4, G9, G12.
 */
export const CINDER: ServiceFacts = {
  name: 'cinder',
  title: 'Cinder (block storage API)',
  image: 'cinder',
  port: 8776,
  healthPath: '/healthcheck',
  healthPaths: ['/healthcheck'],
  user: 'cinder',
  group: 'cinder',
  wsgiScript: '/usr/bin/cinder-wsgi',
  wsgiCallable: 'cinder.wsgi.wsgi:initialize_application',
  // cinder.cmd.api monkey-patches with eventlet: never point a WSGI server at it (G9).
  standalone: { command: ['/usr/bin/cinder-api'], workersOption: ['DEFAULT', 'osapi_volume_workers'] },
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
    FrontendKind.STANDALONE,
  ],
  configFile: '/etc/cinder/cinder.conf',
  configDelivery: { kind: 'argv' },
  singleThreaded: false,
  catalog: {
    type: 'volumev3',
    name: 'cinderv3',
    path: '/v3/%(project_id)s',
    description: 'Cinder Volume Service V3',
  },
  sharedVolumes: [],
  // Debian's /etc/cinder/api-paste.ini: [app:healthcheckapp] disable_by_file_path.
  healthDisableFile: '/etc/cinder/healthcheck_disable',
  defaultConfig: (ctx: ConfigContext) => ({
    DEFAULT: {
      use_stderr: 'true',
      auth_strategy: ctx.identity ? 'keystone' : 'noauth',
      api_paste_config: '/etc/cinder/api-paste.ini',
      state_path: '/var/lib/cinder',
      osapi_volume_listen_port: '8776',
      osapi_volume_workers: String(ctx.workers),
    },
    database: { connection: ctx.databaseUrl, max_retries: '-1' },
    oslo_concurrency: { lock_path: '/var/lib/cinder/tmp' },
    oslo_middleware: { enable_proxy_headers_parsing: 'true' },
    ...(ctx.identity
      ? {
          keystone_authtoken: {
            www_authenticate_uri: ctx.identity.publicUrl,
            auth_url: ctx.identity.internalUrl,
            auth_type: 'password',
            region_name: ctx.identity.region,
            project_domain_name: 'Default',
            user_domain_name: 'Default',
            project_name: 'service',
            username: ctx.identity.serviceUser,
            password: ctx.identity.servicePassword,
            service_token_roles_required: 'true',
          },
        }
      : {}),
  }),
  bootstrap: () => [asService(CINDER, ['cinder-manage', '--config-file', CINDER.configFile, 'db', 'sync'])],
};
