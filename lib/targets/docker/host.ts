// One Docker engine as a deployment target. Constructs hand it ContainerSpecs (plain data);
// at synth it translates them into docker_* resources, and decides nothing itself.
import { Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { container, image, network, provider, volume } from '@cdktf/provider-docker';
import { WsgiformError } from '../../core/errors';
import type { ImageSpec } from '../../core/image';
import { dnsName, literal } from '../../core/validate';
import { LABELS, type ContainerSpec } from '../../plan/container-spec';
import { containerConfig } from './container';
import { ImageSource, planImage } from './images';

export interface DockerHostProps {
  /** Docker daemon address for the provider. @default 'unix:///var/run/docker.sock' */
  readonly dockerHost?: string;
  /**
   * Name of this deployment: prefix of every container, network and volume name, and the value
   * of the `wsgiform.deployment` label the watchdog is scoped by. @default 'wsgiform'
   */
  readonly deploymentName?: string;
  /**
   * Host address published ports bind to. Loopback by default: exposing the APIs is a decision.
   * @default '127.0.0.1'
   */
  readonly publishAddress?: string;
  /** @default ImageSource.fromDockerfiles() */
  readonly images?: ImageSource;
}

/** A container the host will create at synth, and where in the construct tree. */
interface Deployed {
  readonly scope: Construct;
  readonly id: string;
  readonly spec: ContainerSpec;
}

/**
 * One Docker engine: the provider, the deployment's network, images and volumes, and the
 * containers the other constructs describe as ContainerSpecs.
 */
export class DockerHost extends Construct {
  readonly provider: provider.DockerProvider;
  readonly network: network.Network;
  readonly deploymentName: string;
  readonly publishAddress: string;
  /** Socket path of the engine on its host (for the watchdog), or undefined for a TCP engine. */
  readonly socketPath?: string;
  private readonly images: ImageSource;
  private readonly imageResources = new Map<string, image.Image>();
  private readonly volumes = new Map<string, volume.Volume>();
  private readonly names = new Map<string, string>();
  private readonly publishedPorts = new Map<number, string>();
  private readonly deployed: Deployed[] = [];
  private readonly finishers: (() => void)[] = [];
  private readonly roles = new Set<string>();
  private realized = false;

  constructor(scope: Construct, id: string, props: DockerHostProps = {}) {
    super(scope, id);
    const path = this.node.path;
    this.deploymentName = dnsName(path, 'deploymentName', props.deploymentName ?? 'wsgiform');
    this.publishAddress = literal(path, 'publishAddress', props.publishAddress ?? '127.0.0.1');
    if (!/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+$/.test(this.publishAddress)) {
      throw new WsgiformError(
        path,
        `publishAddress=${JSON.stringify(this.publishAddress)}: use an IPv4 or IPv6 address`,
      );
    }
    const dockerHost = literal(path, 'dockerHost', props.dockerHost ?? 'unix:///var/run/docker.sock');
    this.socketPath = dockerHost.startsWith('unix://') ? dockerHost.slice('unix://'.length) : undefined;
    this.images = props.images ?? ImageSource.fromDockerfiles();
    const existing = TerraformStack.of(this)
      .node.findAll()
      .filter((c) => c instanceof provider.DockerProvider);
    this.provider = new provider.DockerProvider(this, 'provider', {
      host: dockerHost,
      alias: existing.length > 0 ? this.deploymentName.replace(/-/g, '_') : undefined,
    });
    this.network = new network.Network(this, 'network', {
      provider: this.provider,
      name: this.objectName(path, 'net'),
      driver: 'bridge',
      labels: [{ label: LABELS.deployment, value: this.deploymentName }],
    });
    // Shared containers (load balancer, database) are planned once every service has
    // registered with them; the whole plan becomes resources when the stack synthesizes.
    Aspects.of(this).add({ visit: (node) => node === this && this.realize() });
  }

  /**
   * Claims a published host port for one container; a second claim is a synth-time error.
   * @internal
   */
  _reservePort(path: string, port: number, owner: string): void {
    const other = this.publishedPorts.get(port);
    if (other !== undefined && other !== owner) {
      throw new WsgiformError(
        path,
        `port=${port}: ${this.publishAddress}:${port} is already published by ${other}; choose another port`,
      );
    }
    this.publishedPorts.set(port, owner);
  }

  /** `<deploymentName>-<suffix>`, checked as a Docker and DNS name and unique on this host. */
  objectName(path: string, suffix: string): string {
    const name = dnsName(path, 'name', `${this.deploymentName}-${suffix}`);
    const owner = this.names.get(name);
    if (owner !== undefined && owner !== path) {
      throw new WsgiformError(
        path,
        `name ${name} is already used by ${owner}; give this construct another id`,
      );
    }
    this.names.set(name, path);
    return name;
  }

  /**
   * Records that a construct of `role` exists on this host ('watchdog', 'load-balancer', …).
   * @internal
   */
  _claimRole(role: string): void {
    this.roles.add(role);
  }

  /** @internal */
  _hasRole(role: string): boolean {
    return this.roles.has(role);
  }

  /**
   * A container to create at synth, in `scope` with logical id `id`.
   * @internal
   */
  _deploy(scope: Construct, id: string, spec: ContainerSpec): void {
    if (this.realized) throw new Error(`internal: ${spec.name} deployed after synth`);
    for (const p of spec.ports) this._reservePort(scope.node.path, p.external, spec.name);
    this.deployed.push({ scope, id, spec });
  }

  /**
   * Work that needs every construct of the deployment (planning the load balancer from all its
   * services), run once when the stack synthesizes, before any resource is made.
   * @internal
   */
  _atSynth(finish: () => void): void {
    this.finishers.push(finish);
  }

  private realize(): void {
    if (this.realized) return;
    for (const f of this.finishers) f();
    this.realized = true;
    const byName = new Map(this.deployed.map((d) => [d.spec.name, d]));
    const made = new Map<string, container.Container>();
    const make = (d: Deployed, chain: string[]): container.Container => {
      const done = made.get(d.spec.name);
      if (done) return done;
      if (chain.includes(d.spec.name))
        throw new Error(`internal: dependency cycle ${[...chain, d.spec.name].join(' -> ')}`);
      const after = d.spec.dependsOn.map((n) => {
        const dep = byName.get(n);
        if (!dep) throw new Error(`internal: ${d.spec.name} depends on unknown container ${n}`);
        return make(dep, [...chain, d.spec.name]);
      });
      const c = new container.Container(
        d.scope,
        d.id,
        containerConfig(d.spec, {
          provider: this.provider,
          network: this.network.name,
          publishAddress: this.publishAddress,
          deploymentName: this.deploymentName,
          imageId: this.image(d.spec.image).imageId,
          volumeName: (key) => this.volume(key).name,
          dependsOn: after,
        }),
      );
      made.set(d.spec.name, c);
      return c;
    };
    for (const d of this.deployed) make(d, []);
  }

  /** The image of one ImageSpec, created once per key. */
  private image(spec: ImageSpec): image.Image {
    const existing = this.imageResources.get(spec.key);
    if (existing) return existing;
    const plan = planImage(this.node.path, this.images, spec);
    const resource = new image.Image(this, `image-${spec.key}`, {
      provider: this.provider,
      name: plan.name,
      // Removing the image on destroy would also remove it for every other deployment.
      keepLocally: true,
      ...(plan.build
        ? {
            // The provider does not hash the build context itself (issues #302, #647).
            triggers: { context_sha256: plan.build.contextSha256 },
            buildAttribute: {
              context: plan.build.context,
              buildArgs: plan.build.buildArgs,
              networkMode: plan.build.networkMode,
            },
          }
        : {}),
    });
    this.imageResources.set(spec.key, resource);
    return resource;
  }

  /** A named volume of this deployment, created once. */
  private volume(key: string): volume.Volume {
    const existing = this.volumes.get(key);
    if (existing) return existing;
    const v = new volume.Volume(this, `volume-${key}`, {
      provider: this.provider,
      name: this.objectName(this.node.path, key),
      labels: [{ label: LABELS.deployment, value: this.deploymentName }],
    });
    this.volumes.set(key, v);
    return v;
  }
}
