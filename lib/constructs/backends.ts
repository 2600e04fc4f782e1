import { Construct } from 'constructs';
import { given, integer, seconds } from '../core/validate';
import { MEMCACHED_PORT, planCache, planMessageBus, transportUrl } from '../plan/backends';
import type { DockerHost } from '../targets/docker/host';
import type { Secret } from './secret';

export interface MessageBusOptions {
  /** Password of the `openstack` user every service connects as. */
  readonly password: Secret;
  /** `vm_memory_high_watermark.relative` in percent of the container's memory. @default 40 (RabbitMQ's) */
  readonly memoryHighWatermarkPercent?: number;
  /** Seconds RabbitMQ gets to shut down cleanly. @default 60 */
  readonly stopGraceSeconds?: number;
}

export interface MessageBusProps extends MessageBusOptions {
  readonly host: DockerHost;
}

/**
 * RabbitMQ (Debian's package) as the deployment's oslo.messaging bus: APIs that hand their work
 * to a daemon over RPC (heat-api → heat-engine) and notifications. Its data lives in a volume.
 */
export class MessageBus extends Construct {
  readonly host: DockerHost;
  /** Container name, also the bus's DNS name on the deployment network. */
  readonly containerName: string;
  /** oslo.messaging's `transport_url` for the services. */
  readonly transportUrl: string;

  constructor(scope: Construct, id: string, props: MessageBusProps) {
    super(scope, id);
    const path = this.node.path;
    this.host = props.host;
    this.containerName = props.host.objectName(path, id);
    this.transportUrl = transportUrl(this.containerName, props.password.value);
    props.host._deploy(
      this,
      'container',
      planMessageBus({
        origin: path,
        name: this.containerName,
        volume: `${id}-data`,
        password: props.password.value,
        memoryHighWatermarkPercent: integer(
          path,
          'memoryHighWatermarkPercent',
          given(props.memoryHighWatermarkPercent, 40),
          5,
          90,
          'use 5 to 90 percent',
        ),
        stopGraceSeconds: seconds(path, 'stopGraceSeconds', props.stopGraceSeconds, 60),
      }),
    );
  }
}

export interface CacheOptions {
  /** Memory for items, in megabytes (`memcached -m`). @default 64 (memcached's) */
  readonly memoryMegabytes?: number;
  /** Simultaneous connections (`memcached -c`). @default 1024 (memcached's) */
  readonly maxConnections?: number;
}

export interface CacheProps extends CacheOptions {
  readonly host: DockerHost;
}

/** Memcached (Debian's package): keystonemiddleware's token cache and oslo.cache for the services. */
export class Cache extends Construct {
  readonly host: DockerHost;
  readonly containerName: string;
  /** `host:port`, as `memcached_servers` and oslo.cache's `memcache_servers` take it. */
  readonly servers: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const path = this.node.path;
    this.host = props.host;
    this.containerName = props.host.objectName(path, id);
    this.servers = `${this.containerName}:${MEMCACHED_PORT}`;
    props.host._deploy(
      this,
      'container',
      planCache({
        origin: path,
        name: this.containerName,
        memoryMegabytes: integer(
          path,
          'memoryMegabytes',
          given(props.memoryMegabytes, 64),
          16,
          65536,
          'use 16 to 65536',
        ),
        maxConnections: integer(
          path,
          'maxConnections',
          given(props.maxConnections, 1024),
          16,
          1_000_000,
          'use 16 to 1000000',
        ),
      }),
    );
  }
}
