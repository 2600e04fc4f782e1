// The service's own server.
import { FrontendKind } from '../../core/frontend-kind';
import { given, integer } from '../../core/validate';
import type { ServiceModel } from '../service';

/** The service's own server (e.g. `cinder-api`, eventlet), the way the services ran before WSGI servers. */
export interface StandaloneProps {
  /** Worker processes the service forks (`osapi_volume_workers` for Cinder). @default 2 */
  readonly workers?: number;
}

export interface StandaloneModel {
  readonly kind: FrontendKind.STANDALONE;
  readonly port: number;
  readonly workers: number;
}

export function resolveStandalone(
  path: string,
  props: StandaloneProps,
  facts: ServiceModel,
): StandaloneModel {
  return {
    kind: FrontendKind.STANDALONE,
    port: facts.port,
    workers: integer(path, 'workers', given(props.workers, 2), 1, 256, 'use at least 1 worker'),
  };
}
