import { Construct } from 'constructs';
import { DockerHost, type DockerHostProps } from '../targets/docker/host';
import { ApiService, type ServiceOptions } from './api-service';
import { Cache, type CacheOptions, MessageBus, type MessageBusOptions } from './backends';
import { Database, type DatabaseOptions } from './database';
import { LoadBalancer, type LoadBalancerOptions } from './load-balancer';
import { Watchdog, type WatchdogOptions } from './watchdog';

export interface ControlPlaneProps {
  /** The Docker engine and the deployment's name. @default - the local engine, deployment 'wsgiform' */
  readonly host?: DockerHostProps;
  /** HAProxy in front of every service. @default - plain HTTP, kolla's timeouts */
  readonly loadBalancer?: LoadBalancerOptions;
  /** MariaDB, created when the first service with a database is added. @default - MariaDB's defaults */
  readonly database?: DatabaseOptions;
  /** The watchdog that restarts replicas that stay unhealthy. @default - enabled */
  readonly watchdog?: WatchdogOptions;
  /**
   * RabbitMQ for services that use a message bus: required by those that forward calls over RPC
   * (Heat), used by the others that can. @default - no message bus
   */
  readonly messageBus?: MessageBusOptions;
  /** Memcached for services that use a cache (token cache, oslo.cache). @default - no cache */
  readonly cache?: CacheOptions;
}

/**
 * A whole control plane on one Docker host: the load balancer, the watchdog and (once a service
 * needs it) the database are its own, and services are added to it with {@link addService}, so
 * every part of a deployment is on the same host by construction.
 */
export class ControlPlane extends Construct {
  readonly host: DockerHost;
  readonly loadBalancer: LoadBalancer;
  readonly watchdog: Watchdog;
  /** The deployment's RabbitMQ, when `messageBus` is set. */
  readonly messageBus?: MessageBus;
  /** The deployment's Memcached, when `cache` is set. */
  readonly cache?: Cache;
  private db?: Database;
  private readonly databaseOptions?: DatabaseOptions;

  constructor(scope: Construct, id: string, props: ControlPlaneProps = {}) {
    super(scope, id);
    this.host = new DockerHost(this, 'host', props.host);
    this.loadBalancer = new LoadBalancer(this, 'lb', { ...props.loadBalancer, host: this.host });
    this.watchdog = new Watchdog(this, 'watchdog', { ...props.watchdog, host: this.host });
    this.databaseOptions = props.database;
    if (props.messageBus)
      this.messageBus = new MessageBus(this, 'rabbitmq', { ...props.messageBus, host: this.host });
    if (props.cache) this.cache = new Cache(this, 'memcached', { ...props.cache, host: this.host });
  }

  /** The shared MariaDB; created on first use. */
  get database(): Database {
    this.db ??= new Database(this, 'db', { ...this.databaseOptions, host: this.host });
    return this.db;
  }

  /**
   * Adds a service behind the plane's load balancer, with the plane's database, message bus and
   * cache where its definition uses them.
   */
  addService(id: string, options: ServiceOptions): ApiService {
    const uses = options.service.props;
    return new ApiService(this, id, {
      ...options,
      host: this.host,
      lb: this.loadBalancer,
      // A service that reads another's databases (Nova's metadata API) gets them from its databaseOwner.
      database: uses.database && uses.database.ownedBy === undefined ? this.database : undefined,
      messageBus: uses.messaging ? this.messageBus : undefined,
      cache: uses.cache ? this.cache : undefined,
    });
  }
}
