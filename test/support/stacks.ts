import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  ApiService,
  type ApiServiceProps,
  BuiltinServices,
  Database,
  DockerHost,
  type DockerHostProps,
  Frontend,
  LoadBalancer,
  EntryPoint,
  Secret,
  ServiceDefinition,
  type ServiceDefinitionProps,
  ServiceImage,
} from '../../lib';

/** A service of the test's own, `app` from the image acme/app:1, with `props` over it. */
export function ownDefinition(props: Partial<ServiceDefinitionProps> = {}): ServiceDefinition {
  return new ServiceDefinition({
    name: 'app',
    image: ServiceImage.fromName('acme/app:1'),
    entryPoint: EntryPoint.callable('acme.wsgi:application'),
    port: 8000,
    user: 'app',
    ...props,
  });
}

/** The parts most synth tests need: a host, an LB, a database and a Keystone. */
export function base(scope: Construct, hostProps: DockerHostProps = {}) {
  const host = new DockerHost(scope, 'host', hostProps);
  const lb = new LoadBalancer(scope, 'lb', { host });
  const db = new Database(scope, 'db', { host });
  const keystone = new ApiService(scope, 'keystone', {
    host,
    lb,
    database: db,
    databasePassword: new Secret(scope, 'keystone_db'),
    service: BuiltinServices.named('keystone'),
    adminPassword: new Secret(scope, 'admin'),
  });
  return { host, lb, db, keystone };
}

/** A Cinder service on the parts `base` made, built from `props`. */
export function addCinder(
  s: Construct,
  parts: ReturnType<typeof base>,
  props: Partial<ApiServiceProps> = {},
): ApiService {
  return new ApiService(s, 'cinder', {
    host: parts.host,
    lb: parts.lb,
    database: parts.db,
    databasePassword: new Secret(s, 'cinder_db'),
    service: BuiltinServices.named('cinder'),
    identity: parts.keystone,
    servicePassword: new Secret(s, 'cinder_svc'),
    frontend: Frontend.apacheModWsgi(),
    ...props,
  });
}

/** A built-in service on the parts `base` made, registered in its Keystone, with `props` over it. */
export function addBuiltin(
  s: Construct,
  parts: ReturnType<typeof base>,
  name: string,
  props: Partial<ApiServiceProps> = {},
): ApiService {
  return new ApiService(s, name, {
    host: parts.host,
    lb: parts.lb,
    service: BuiltinServices.named(name),
    identity: parts.keystone,
    servicePassword: new Secret(s, `${name}_svc`),
    ...props,
  });
}

/**
 * Synthesizes a stack with `base` plus the test's own service `app` (`ownDefinition(definition)`),
 * with the ApiService props `props` makes in the stack's scope (for Secrets).
 */
export function synthOwn(
  definition: Partial<ServiceDefinitionProps> = {},
  props: (s: Construct) => Partial<ApiServiceProps> = () => ({}),
): string {
  return Testing.synthScope((s) => {
    const parts = base(s);
    new ApiService(s, 'app', {
      host: parts.host,
      lb: parts.lb,
      service: ownDefinition(definition),
      ...props(s),
    });
  });
}

/** Synthesizes a stack with `base` plus a Cinder service built from `props`. */
export function synthCinder(props: Partial<ApiServiceProps>): string {
  return Testing.synthScope((s) => {
    addCinder(s, base(s), props);
  });
}

/** The docker_container resources of a synthesized stack, by container name. */
export function containers(synthesized: string): Record<string, Record<string, any>> {
  const json = JSON.parse(synthesized);
  const out: Record<string, Record<string, any>> = {};
  for (const c of Object.values<Record<string, any>>(json.resource.docker_container ?? {})) out[c.name] = c;
  return out;
}

/** Content of an uploaded file of a container. */
export function upload(container: Record<string, any>, file: string): string {
  const u = (container.upload as { file: string; content: string }[]).find((x) => x.file === file);
  if (!u) throw new Error(`${container.name} has no upload ${file}`);
  return u.content;
}
