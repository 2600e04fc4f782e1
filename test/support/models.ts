import { BuiltinServices } from '../../modules';
import { resolveDefinition, type ServiceModel } from '../../lib/model/service';

/** A built-in service's definition resolved as ApiService resolves it, for unit tests of the pure layers. */
export function builtin(name: string): ServiceModel {
  return resolveDefinition(`test/${name}`, BuiltinServices.named(name));
}

export const KEYSTONE = builtin('keystone');
export const CINDER = builtin('cinder');
