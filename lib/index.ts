// The public API. Everything else (core, model, render, plan) is internal and may change.
export { WsgiformErrors } from './core/errors';
export { FrontendKind } from './core/frontend-kind';
export { ConfigFile, IniFlavor } from './definition/config-file';
export {
  ConfigDelivery,
  DatabaseCharacterSet,
  EntryPoint,
  ServiceDefinition,
  ServiceImage,
  Wiring,
  type BootstrapCommand,
  type CacheDefinition,
  type CompanionDefinition,
  type DatabaseDefinition,
  type DebianPackagesImageProps,
  type IdentityProviderDefinition,
  type IdentityRegistrationDefinition,
  type IdentityLoginDefinition,
  type MainConfigDefinition,
  type MessagingDefinition,
  type ServiceDefinitionProps,
  type SecretDefinition,
  type SharedVolumeDefinition,
  type StandaloneDefinition,
} from './definition/service-definition';
export { BuiltinServices } from '../modules';
export type { UwsgiProps } from './model/uwsgi';
export {
  AllowEncodedSlashes,
  ApacheLogLevel,
  type ApacheModWsgiProps,
  type ApacheProxyUwsgiProps,
  type NginxUwsgiProps,
  type StandaloneProps,
  type UwsgiHttpProps,
  type WebTierPorts,
} from './model/frontend';
export type { HealthCheckProps } from './model/health';
export { BalanceAlgorithm, type BackendProps, type LoadBalancerTimeouts } from './model/loadbalancer';
export { DockerHost, type DockerHostProps } from './targets/docker/host';
export { ImageSource, type ImageBuildProps } from './targets/docker/images';
export {
  ApiService,
  RestartPolicy,
  type ApiServiceProps,
  type ServiceOptions,
} from './constructs/api-service';
export {
  Cache,
  type CacheOptions,
  type CacheProps,
  MessageBus,
  type MessageBusOptions,
  type MessageBusProps,
} from './constructs/backends';
export { ControlPlane, type ControlPlaneProps } from './constructs/control-plane';
export { Database, type DatabaseOptions, type DatabaseProps } from './constructs/database';
export { Frontend } from './constructs/frontend';
export {
  LoadBalancer,
  type LoadBalancerOptions,
  type LoadBalancerProps,
  type LoadBalancerTlsProps,
} from './constructs/load-balancer';
export { Secret, type SecretProps } from './constructs/secret';
export { Watchdog, type WatchdogOptions, type WatchdogProps } from './constructs/watchdog';
export { TlsCertificate, type TlsVariablesProps } from './constructs/tls';
