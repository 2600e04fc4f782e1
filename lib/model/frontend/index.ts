// Every frontend's props and model, and which frontends a service may use.
import { WsgiformError } from '../../core/errors';
import { FrontendKind } from '../../core/frontend-kind';
import type { ServiceModel } from '../service';
import { resolveModWsgi, type ApacheModWsgiProps, type ModWsgiModel } from './mod-wsgi';
import { resolveStandalone, type StandaloneModel, type StandaloneProps } from './standalone';
import { resolveUwsgiHttp, type UwsgiHttpModel, type UwsgiHttpProps } from './uwsgi-http';
import {
  resolveApacheProxyUwsgi,
  resolveNginxUwsgi,
  type ApacheProxyUwsgiModel,
  type ApacheProxyUwsgiProps,
  type NginxUwsgiModel,
  type NginxUwsgiProps,
} from './web-tier';

export * from './apache';
export * from './mod-wsgi';
export * from './standalone';
export * from './uwsgi-http';
export * from './web-tier';

export type FrontendModel =
  ModWsgiModel | StandaloneModel | UwsgiHttpModel | NginxUwsgiModel | ApacheProxyUwsgiModel;

/** Frontends that lose chunked request bodies with Debian bookworm's uWSGI 2.0.21. */
const DROPS_CHUNKED: Partial<Record<FrontendKind, string>> = {
  [FrontendKind.APACHE_PROXY_UWSGI]: 'mod_proxy_uwsgi refuses them with 411 (unbit/uwsgi#1540, devstack)',
  [FrontendKind.NGINX_UWSGI]:
    "nginx's uwsgi_pass sends them with an empty CONTENT_LENGTH and the body is lost",
  [FrontendKind.UWSGI_HTTP]:
    "uWSGI's http-socket loses the body (its chunked options belong to the http router plugin)",
};

/** Throws unless the service's module supports the frontend, naming the ones it does. */
export function checkSupported(path: string, facts: ServiceModel, kind: FrontendKind): void {
  const drops = DROPS_CHUNKED[kind];
  if (facts.chunkedUploads && drops) {
    throw new WsgiformError(
      path,
      `frontend=${kind}: ${facts.name} takes chunked uploads and ${drops}; use Frontend.standalone()`,
    );
  }
  if (!facts.frontends.includes(kind)) {
    const why =
      kind === FrontendKind.STANDALONE ? ` (wsgiform knows no standalone server for ${facts.name})` : '';
    throw new WsgiformError(
      path,
      `frontend=${kind}: ${facts.name} does not support it${why}; choose one of ${facts.frontends.join(', ')}`,
    );
  }
}

/** The props of the frontend `kind` (as the Frontend class holds them), checked against the service. */
export function resolveFrontend(
  path: string,
  kind: FrontendKind,
  props: object,
  svc: ServiceModel,
): FrontendModel {
  checkSupported(path, svc, kind);
  switch (kind) {
    case FrontendKind.APACHE_MOD_WSGI:
      return resolveModWsgi(path, props as ApacheModWsgiProps, svc);
    case FrontendKind.STANDALONE:
      return resolveStandalone(path, props as StandaloneProps, svc);
    case FrontendKind.UWSGI_HTTP:
      return resolveUwsgiHttp(path, props as UwsgiHttpProps, svc);
    case FrontendKind.NGINX_UWSGI:
      return resolveNginxUwsgi(path, props as NginxUwsgiProps, svc);
    case FrontendKind.APACHE_PROXY_UWSGI:
      return resolveApacheProxyUwsgi(path, props as ApacheProxyUwsgiProps, svc);
  }
}
