import { FrontendKind } from '../core/frontend-kind';
import type { FrontendModel } from '../model/frontend';
import type { ServiceModel } from '../model/service';
import { renderModWsgiApache } from './apache-modwsgi';
import { APACHE_CONF, APACHE_PID } from './apache-server';
import { renderProxyUwsgiApache } from './apache-proxy';
import type { RenderedFile } from '../core/layout';
import { NGINX_CONF, renderNginx } from './nginx';
import { asUser, renderStartScript } from './start-script';
import { UWSGI_CONF, renderUwsgiIni } from './uwsgi';
import { renderWsgiWrapper } from './wsgi-wrapper';

/** What one replica's containers run: the app container and, for two-tier frontends, a web container. */
export interface ReplicaTiers {
  readonly app: { readonly files: RenderedFile[]; readonly probePort: number };
  readonly web?: { readonly image: string; readonly files: RenderedFile[]; readonly port: number };
}

/** The names a replica's files refer to. */
export interface ReplicaNames {
  readonly origin: string;
  /** The app container (the web tier's upstream). */
  readonly app: string;
}

/** True for frontends whose web server runs in its own container in front of uWSGI. */
export function isTwoTier(f: FrontendModel): boolean {
  return f.kind === FrontendKind.NGINX_UWSGI || f.kind === FrontendKind.APACHE_PROXY_UWSGI;
}

/** How the service's processes find their config: environment and `--config-file` arguments. */
function launch(
  svc: ServiceModel,
  configFiles: readonly RenderedFile[],
  extraEnv: Readonly<Record<string, string>>,
) {
  const configPaths = configFiles.filter((f) => f.path.endsWith('.conf')).map((f) => f.path);
  const delivery = svc.config?.delivery;
  const env: Record<string, string> = { ...extraEnv };
  if (delivery?.kind === 'env') env[delivery.variable] = configPaths.join(';');
  // A daemon's own command line takes --config-file whatever the WSGI app's delivery is.
  const argvFiles = delivery?.kind === 'argv' ? configPaths : [];
  return {
    env,
    argvFiles,
    argv: argvFiles.flatMap((p) => ['--config-file', p]),
    daemonArgv: configPaths.flatMap((p) => ['--config-file', p]),
    staleFiles: svc.healthDisableFile ? [svc.healthDisableFile] : [],
  };
}

/** The start script of a companion daemon: its command as the service user, with the config files. */
export function renderCompanionStart(
  svc: ServiceModel,
  command: readonly string[],
  configFiles: readonly RenderedFile[],
  extraEnv: Readonly<Record<string, string>>,
  origin: string,
  withConfigFiles = true,
): RenderedFile {
  const { env, daemonArgv } = launch(svc, configFiles, extraEnv);
  return renderStartScript({
    origin,
    files: configFiles,
    staleFiles: [],
    env,
    exec: asUser(svc.user, svc.group, [...command, ...(withConfigFiles ? daemonArgv : [])]),
  });
}

/**
 * The server files of one replica for the chosen frontend: web-server and uWSGI configs, the
 * mod_wsgi wrapper, and each container's start script. `configFiles` are the service's own.
 */
export function renderReplica(
  svc: ServiceModel,
  frontend: FrontendModel,
  configFiles: readonly RenderedFile[],
  extraEnv: Readonly<Record<string, string>>,
  names: ReplicaNames,
): ReplicaTiers {
  const origin = names.origin;
  const { env, argvFiles, argv, staleFiles } = launch(svc, configFiles, extraEnv);
  const start = (exec: string[], files: readonly RenderedFile[], stale: string[] = staleFiles) =>
    renderStartScript({ origin, files, staleFiles: stale, env, exec });

  switch (frontend.kind) {
    case FrontendKind.STANDALONE: {
      return {
        app: {
          files: [start(asUser(svc.user, svc.group, [...svc.standaloneCommand!, ...argv]), configFiles)],
          probePort: frontend.port,
        },
      };
    }
    case FrontendKind.APACHE_MOD_WSGI: {
      // mod_wsgi needs a script file and passes no argv: wrap the app where either is missing.
      const wrapper =
        argvFiles.length > 0 || svc.wsgiScript === undefined
          ? renderWsgiWrapper({
              service: svc.name,
              script: svc.wsgiScript,
              callable: svc.wsgiCallable,
              argvConfigFiles: argvFiles,
            })
          : undefined;
      const apache = renderModWsgiApache(frontend, {
        origin,
        script: wrapper ? wrapper.path : svc.wsgiScript!,
      });
      // `apache2ctl -DFOREGROUND` runs under /bin/sh, which ignores SIGTERM: exec apache2 itself.
      const apacheStart = start(['/usr/sbin/apache2', '-f', APACHE_CONF, '-DFOREGROUND'], configFiles, [
        APACHE_PID,
        ...staleFiles,
      ]);
      return {
        app: { files: [apache, ...(wrapper ? [wrapper] : []), apacheStart], probePort: frontend.port },
      };
    }
    case FrontendKind.UWSGI_HTTP: {
      const ini = renderUwsgiIni(frontend.uwsgi, {
        origin,
        httpSocket: `0.0.0.0:${frontend.port}`,
        wsgiScript: svc.wsgiScript,
        module: svc.wsgiCallable,
        pyargv: argv,
        env,
      });
      return {
        app: {
          files: [ini, start(['/usr/bin/uwsgi', '--ini', UWSGI_CONF], configFiles)],
          probePort: frontend.port,
        },
      };
    }
    case FrontendKind.NGINX_UWSGI:
    case FrontendKind.APACHE_PROXY_UWSGI: {
      const ini = renderUwsgiIni(frontend.uwsgi, {
        origin,
        socket: `0.0.0.0:${frontend.uwsgiPort}`,
        // Plain HTTP on loopback only: the app container's own healthcheck.
        httpSocket: `127.0.0.1:${frontend.probePort}`,
        wsgiScript: svc.wsgiScript,
        module: svc.wsgiCallable,
        pyargv: argv,
        env,
      });
      const app = {
        files: [ini, start(['/usr/bin/uwsgi', '--ini', UWSGI_CONF], configFiles)],
        probePort: frontend.probePort,
      };
      const upstream = `${names.app}:${frontend.uwsgiPort}`;
      const webStart = (exec: string[]) =>
        renderStartScript({ origin, files: [], staleFiles: [], env: {}, exec });
      if (frontend.kind === FrontendKind.NGINX_UWSGI) {
        const conf = renderNginx(frontend, { origin, upstream, serverName: svc.name });
        return {
          app,
          web: {
            image: 'nginx',
            port: frontend.port,
            files: [conf, webStart(['/usr/sbin/nginx', '-c', NGINX_CONF])],
          },
        };
      }
      const conf = renderProxyUwsgiApache(frontend, { origin, upstream, serverName: svc.name });
      return {
        app,
        web: {
          image: 'apache',
          port: frontend.port,
          files: [conf, webStart(['/usr/sbin/apache2', '-f', APACHE_CONF, '-DFOREGROUND'])],
        },
      };
    }
  }
}
