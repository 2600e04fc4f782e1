// Images on one Docker engine: wsgiform's own Dockerfiles, an operator's folder, or prebuilt
// images by name; which one a key gets is the operator's choice through ImageSource.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { WsgiformError } from '../../core/errors';
import type { ImageSpec } from '../../core/image';
import { literal } from '../../core/validate';

/** How the host gets wsgiform's images. */
export interface ImageBuildProps {
  /** Base image of every Dockerfile (`ARG BASE`). @default 'debian:bookworm-slim' */
  readonly baseImage?: string;
  /** Network mode of `RUN` steps (`host` where only the host reaches the package mirror). @default - Docker's default */
  readonly networkMode?: string;
  /** Repository prefix of the image names. @default 'wsgiform' */
  readonly repository?: string;
  /**
   * Prebuilt images for some roles or services, by key (`haproxy`, `mariadb`, `nginx`,
   * `apache`, `watchdog`, or a service name such as `keystone`); the rest are built.
   * @default - none: build every image
   */
  readonly prebuilt?: { [key: string]: string };
}

/** Where images come from: built on the Docker host, or prebuilt ones by name. */
export class ImageSource {
  /** Build images with `docker_image` (the provider builds on the Docker host), except `prebuilt` ones. */
  static fromDockerfiles(props: ImageBuildProps = {}): ImageSource {
    return new ImageSource(props, false);
  }

  /**
   * Use existing local images only, by key: `{ keystone: 'registry/keystone:zed', haproxy: …, … }`.
   * Every image the deployment uses must be named; nothing is built.
   */
  static fromImages(images: { [key: string]: string }): ImageSource {
    return new ImageSource({ prebuilt: images }, true);
  }

  private constructor(
    /** @internal */ readonly _props: ImageBuildProps,
    /** @internal */ readonly _prebuiltOnly: boolean,
  ) {}
}

/** What `docker_image` gets for one ImageSpec on this host. */
export interface ImagePlan {
  readonly name: string;
  readonly build?: {
    readonly context: string;
    readonly buildArgs: Record<string, string>;
    readonly networkMode?: string;
    readonly contextSha256: string;
  };
}

const IMAGE_NAME = /^[a-z0-9][a-z0-9._/:@-]*$/;

/** Decides where one image comes from; `path` is the host's construct path for errors. */
export function planImage(path: string, source: ImageSource, spec: ImageSpec): ImagePlan {
  const p = source._props;
  const chosen = p.prebuilt?.[spec.key] ?? spec.name;
  if (chosen !== undefined) {
    if (!IMAGE_NAME.test(literal(path, `image ${spec.key}`, chosen)))
      throw new WsgiformError(
        path,
        `images: ${JSON.stringify(chosen)} (for ${spec.key}) is not a Docker image reference`,
      );
    return { name: chosen };
  }
  if (spec.userSupplied !== undefined) {
    throw new WsgiformError(
      path,
      `images: '${spec.key}' has no image wsgiform can build (${spec.userSupplied}); build one and name it: ImageSource.fromDockerfiles({ prebuilt: { '${spec.key}': 'registry/${spec.key}:tag' } })`,
    );
  }
  if (source._prebuiltOnly) {
    throw new WsgiformError(
      path,
      `images: no prebuilt image for '${spec.key}'; add it to ImageSource.fromImages({...}), or use ImageSource.fromDockerfiles({ prebuilt: {...} }) to build the others`,
    );
  }
  const context = spec.directory ?? join(packageRoot(), 'images', spec.bundled ?? spec.key);
  if (!existsSync(join(context, 'Dockerfile'))) {
    throw new WsgiformError(path, `images: ${context}/Dockerfile does not exist; '${spec.key}' has no image`);
  }
  const baseImage = literal(path, 'baseImage', p.baseImage ?? 'debian:bookworm-slim');
  const buildArgs = { BASE: baseImage, ...spec.buildArgs };
  const hash = contextHash(context, buildArgs);
  const repository = literal(path, 'repository', p.repository ?? 'wsgiform');
  const name = `${repository}/${spec.key}:${hash.slice(0, 12)}`;
  if (!IMAGE_NAME.test(name))
    throw new WsgiformError(
      path,
      `repository=${JSON.stringify(repository)}: ${name} is not a Docker image reference`,
    );
  return {
    name,
    build: { context, buildArgs, networkMode: p.networkMode, contextSha256: hash },
  };
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

/** sha256 over every file of a build context (path and bytes, in sorted order) and the build arguments. */
function contextHash(context: string, buildArgs: Record<string, string>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(buildArgs).sort()) h.update(`${k}=${buildArgs[k]}\n`);
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
