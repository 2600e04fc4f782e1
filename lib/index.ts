// The public API. Everything else (model, render, spec) is internal and may change.
export { FrontendKind } from '../modules/module';
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
export { DockerHost, ImageSource, type DockerHostProps, type ImageBuildProps } from './targets/docker-host';
export { ApiService, RestartPolicy, type ApiServiceProps } from './constructs/api-service';
export { ConfigFile, IniFlavor } from './constructs/config-file';
export { Database, type DatabaseProps } from './constructs/database';
export { Frontend } from './constructs/frontend';
export { LoadBalancer, type LoadBalancerProps } from './constructs/load-balancer';
export { Secret, type SecretProps } from './constructs/secret';
export { ServiceModule, type KeystoneModuleProps } from './constructs/service-module';
export { Watchdog, type WatchdogProps } from './constructs/watchdog';
export type { LoadBalancerTlsProps } from './constructs/load-balancer';
export { TlsCertificate, type TlsVariablesProps } from './constructs/tls';
