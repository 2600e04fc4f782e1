// uWSGI's own HTTP socket straight behind HAProxy.
import { FrontendKind } from '../../core/frontend-kind';
import { given, port } from '../../core/validate';
import type { ServiceModel } from '../service';
import { resolveUwsgi, type UwsgiModel, type UwsgiProps } from '../uwsgi';

/** uWSGI's own HTTP socket, straight behind HAProxy (openstack-ansible). */
export interface UwsgiHttpProps {
  /** Port of uWSGI's `http-socket` in the app container. @default the service's port */
  readonly port?: number;
  /** uWSGI options. */
  readonly uwsgi?: UwsgiProps;
}

export interface UwsgiHttpModel {
  readonly kind: FrontendKind.UWSGI_HTTP;
  readonly port: number;
  readonly uwsgi: UwsgiModel;
}
export function resolveUwsgiHttp(path: string, props: UwsgiHttpProps, facts: ServiceModel): UwsgiHttpModel {
  return {
    kind: FrontendKind.UWSGI_HTTP,
    port: port(path, 'port', given(props.port, facts.port)),
    uwsgi: resolveUwsgi(path, props.uwsgi, facts),
  };
}
