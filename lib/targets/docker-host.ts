import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ITerraformDependable, Lazy, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { container, image, network, provider, volume } from '@cdktf/provider-docker';
import { WsgiformError } from '../model/errors';
import { dnsName, literal } from '../model/validate';
import type { RenderedFile } from '../render/file';
import { LABELS, type ContainerSpec, type PortSpec } from '../spec/container-spec';
import { toTerraformString } from './terraform-text';

/** How the host gets wsgiform's images. */
export interface ImageBuildProps {
  /** Base image of every Dockerfile (`ARG BASE`). @default 'debian:bookworm-slim' */
  readonly baseImage?: string;
  /** Network mode of `RUN` steps (`host` where only the host reaches the package mirror). @default - Docker's default */
  readonly networkMode?: string;
  /** Repository prefix of the image names. @default 'wsgiform' */
  readonly repository?: string;
}

/** Where images come from: built from images/ on the Docker host, or prebuilt ones by name. */
export class ImageSource {
  /** Build images/<role> with `docker_image` (the provider builds on the Docker host). */
  static fromDockerfiles(props: ImageBuildProps = {}): ImageSource {
    return new ImageSource(props, undefined);
  }

  /** Use existing local images, by role: `{ keystone: 'registry/keystone:zed', … }`. */
  static fromImages(images: { [role: string]: string }): ImageSource {
    return new ImageSource(undefined, images);
  }

  private constructor(
    /** @internal */ readonly _build: ImageBuildProps | undefined,
    /** @internal */ readonly _prebuilt: { [role: string]: string } | undefined,
  ) {}
}

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

/**
 * One Docker engine as a deployment target: the provider, the deployment's network, images and
 * volumes, and the containers the other constructs describe as ContainerSpecs.
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

  /** The image of a role (a folder under images/), created once per host. */
  image(role: string): image.Image {
    const existing = this.imageResources.get(role);
    if (existing) return existing;
    let resource: image.Image;
    const prebuilt = this.images._prebuilt;
    if (prebuilt) {
      const name = prebuilt[role];
      if (name === undefined) {
        throw new WsgiformError(
          this.node.path,
          `images: no prebuilt image for role '${role}'; add it to ImageSource.fromImages({...})`,
        );
      }
      resource = new image.Image(this, `image-${role}`, { provider: this.provider, name, keepLocally: true });
    } else {
      const b = this.images._build ?? {};
      const context = join(packageRoot(), 'images', role);
      if (!existsSync(join(context, 'Dockerfile'))) {
        throw new WsgiformError(
          this.node.path,
          `images: ${context}/Dockerfile does not exist; role '${role}' has no image`,
        );
      }
      const baseImage = literal(this.node.path, 'baseImage', b.baseImage ?? 'debian:bookworm-slim');
      const hash = contextHash(context, baseImage);
      resource = new image.Image(this, `image-${role}`, {
        provider: this.provider,
        name: `${b.repository ?? 'wsgiform'}/${role}:${hash.slice(0, 12)}`,
        // Removing the image on destroy would also remove it for every other deployment.
        keepLocally: true,
        // The provider does not hash the build context itself (issues #302, #647).
        triggers: { context_sha256: hash },
        buildAttribute: {
          context,
          buildArgs: { BASE: baseImage },
          networkMode: b.networkMode,
        },
      });
    }
    this.imageResources.set(role, resource);
    return resource;
  }

  /** A named volume of this deployment, created once. */
  volume(key: string): volume.Volume {
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

  /**
   * Realizes a ContainerSpec as a docker_container. Internal: the public constructs build specs.
   * @internal
   */
  _addContainer(
    scope: Construct,
    id: string,
    spec: ContainerSpec,
    dependsOn: ITerraformDependable[] = [],
    late?: LateParts,
  ): container.Container {
    for (const p of spec.ports) this._reservePort(scope.node.path, p.external, spec.name);
    const ports = (list: readonly PortSpec[]) =>
      list.map((p) => ({
        internal: p.internal,
        external: p.external,
        ip: this.publishAddress,
        protocol: 'tcp',
      }));
    const labels: Record<string, string> = { ...spec.labels, [LABELS.deployment]: this.deploymentName };
    const hc = spec.healthcheck;
    return new container.Container(scope, id, {
      provider: this.provider,
      name: spec.name,
      image: this.image(spec.image).imageId,
      command: spec.command.map(toTerraformString),
      env: nonEmpty(Object.entries(spec.env).map(([k, v]) => toTerraformString(`${k}=${v}`))),
      labels: Object.keys(labels)
        .sort()
        .map((k) => ({ label: k, value: toTerraformString(labels[k]) })),
      restart: spec.restart,
      destroyGraceSeconds: spec.stopGraceSeconds,
      stopTimeout: spec.stopGraceSeconds,
      networksAdvanced: [{ name: this.network.name, aliases: nonEmpty([...spec.aliases]) }],
      ports: late?.ports
        ? Lazy.anyValue({ produce: () => ports([...spec.ports, ...late.ports!()]) })
        : nonEmpty(ports(spec.ports)),
      upload: late?.files
        ? Lazy.anyValue({ produce: () => uploads([...spec.files, ...late.files!()]) })
        : uploads(spec.files),
      healthcheck: hc && {
        test: [...hc.test],
        interval: `${hc.intervalSeconds}s`,
        timeout: `${hc.timeoutSeconds}s`,
        retries: hc.retries,
        startPeriod: `${hc.startPeriodSeconds}s`,
      },
      volumes: nonEmpty([
        ...spec.volumes.map((v) => ({
          volumeName: this.volume(v.volume).name,
          containerPath: v.path,
          readOnly: v.readOnly,
        })),
        ...spec.binds.map((b) => ({ hostPath: b.hostPath, containerPath: b.path, readOnly: b.readOnly })),
      ]),
      logOpts: { 'max-size': '10m', 'max-file': '3' },
      ...(spec.oneShot
        ? {
            mustRun: false,
            attach: true,
            logs: true,
            lifecycle: {
              postcondition: [
                {
                  condition: '${self.exit_code == 0}',
                  errorMessage: `${spec.name} failed: see its container_logs in the Terraform state or 'docker logs ${spec.name}'`,
                },
              ],
            },
          }
        : {}),
      ...(spec.waitHealthySeconds !== undefined ? { wait: true, waitTimeout: spec.waitHealthySeconds } : {}),
      dependsOn: nonEmpty(dependsOn),
    });
  }
}

/** Parts of a container known only once every construct exists (HAProxy's backends, MariaDB's grants). */
export interface LateParts {
  readonly files?: () => RenderedFile[];
  readonly ports?: () => PortSpec[];
}

/** Leaves an empty list out of the JSON instead of writing `[]`. */
function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function uploads(files: readonly RenderedFile[]) {
  return files.map((f) => ({
    file: f.path,
    content: toTerraformString(f.content),
    // `executable` would give 0744, which a non-root user cannot run (provider issue #367).
    permissions: '0' + f.mode.toString(8).padStart(3, '0'),
  }));
}

/** The folder holding wsgiform's package.json (the source tree, or the installed package). */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'wsgiform') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('internal: wsgiform package.json not found above ' + __dirname);
    dir = up;
  }
}

/** sha256 over every file of a build context (path and bytes, in sorted order) and the base image. */
function contextHash(context: string, baseImage: string): string {
  const h = createHash('sha256').update(`BASE=${baseImage}\n`);
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
  for (const f of walk(context))
    h.update(relative(context, f) + '\0')
      .update(readFileSync(f))
      .update('\0');
  return h.digest('hex');
}
