// docker_image (resource_docker_image_funcs.go): a local image or a BuildKit build of a context;
// pulling is refused because these machines cannot reach a registry.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApplyContext, record } from './context';
import { ApplierError, ResourceState } from './types';

export interface ImageCfg {
  name: string;
  keep_locally: boolean;
  triggers?: Record<string, string>;
  build?: {
    context: string;
    dockerfile: string;
    build_args?: Record<string, string>;
    tag?: string[];
    network_mode?: string;
    labels?: Record<string, string>;
  };
}

export async function findImage(ctx: ApplyContext, name: string): Promise<string> {
  if (!name) throw new ApplierError('empty image name is not allowed');
  const img = await ctx.docker.callOrUndefined<{ Id: string }>(
    'GET',
    `/images/${encodeURIComponent(name)}/json`,
  );
  if (!img) {
    throw new ApplierError(
      `image ${JSON.stringify(name)} is not present locally; provider 3.6.2 would now pull it (findImage, image_funcs.go:319), which is not possible on this machine`,
    );
  }
  return img.Id;
}

export async function createImage(ctx: ApplyContext, address: string, cfg: ImageCfg): Promise<void> {
  if (cfg.build) {
    await buildImage(ctx, address, cfg.name, cfg.build);
    ctx.createdImages.add(address);
  }
  const id = await findImage(ctx, cfg.name);
  // The resource ID is imageID + name (image_funcs.go:84).
  record(ctx, address, id + cfg.name, { ...cfg, image_id: id, id: id + cfg.name, repo_digest: '' });
}

async function buildImage(
  ctx: ApplyContext,
  address: string,
  name: string,
  b: NonNullable<ImageCfg['build']>,
): Promise<void> {
  if (!fs.existsSync(b.context) || !fs.statSync(b.context).isDirectory())
    throw new ApplierError(`${address}.build.context: ${b.context} is not a directory`);
  if (fs.existsSync(path.join(b.context, '.dockerignore'))) {
    throw new ApplierError(
      `${address}.build.context: .dockerignore is honoured by the provider but not implemented by the applier`,
    );
  }
  // docker/cli GetContextFromLocalDir resolves a relative -f against the process CWD, i.e.
  // Terraform's working directory; if nothing is there the error is swallowed
  // (prepareBuildContext, image_funcs.go:468-480) and the name is used inside the context.
  let dockerfile = b.dockerfile;
  if (path.isAbsolute(dockerfile)) {
    const rel = path.relative(b.context, dockerfile);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new ApplierError(
        `${address}.build.dockerfile: a Dockerfile outside the context is not implemented by the applier`,
      );
    dockerfile = rel;
  } else if (ctx.opts.workingDir && fs.existsSync(path.join(ctx.opts.workingDir, dockerfile))) {
    throw new ApplierError(
      `${address}.build.dockerfile: ${path.join(ctx.opts.workingDir, dockerfile)} exists in Terraform's working directory; the provider would build with that file, not the one in the context; use an absolute path`,
    );
  }
  if (!fs.existsSync(path.join(b.context, dockerfile)))
    throw new ApplierError(`${address}.build.dockerfile: ${path.join(b.context, dockerfile)} does not exist`);
  const tar = await runCapture('tar', [
    '--numeric-owner',
    '--owner=0',
    '--group=0',
    '-c',
    '-C',
    b.context,
    '.',
  ]);
  const tags = [name, ...(b.tag ?? [])];
  const query: Record<string, string | string[] | undefined> = {
    t: tags,
    dockerfile,
    rm: '1', // build.remove defaults to true
    // enableBuildKitIfSupported (image_funcs.go:432): API >= 1.39 always builds with BuildKit.
    version: '2',
    buildargs: b.build_args && Object.keys(b.build_args).length ? JSON.stringify(b.build_args) : undefined,
    labels: b.labels && Object.keys(b.labels).length ? JSON.stringify(b.labels) : undefined,
    networkmode: b.network_mode || undefined,
  };
  let buf = '';
  const errors: string[] = [];
  const res = await ctx.docker.request('POST', '/build', {
    query,
    body: tar,
    contentType: 'application/x-tar',
    onData: (chunk) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        try {
          const m = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
          if (m.error || m.errorDetail) errors.push(m.error ?? m.errorDetail?.message ?? line);
        } catch {
          // partial or non-JSON line: ignore, as jsonmessage decoding would fail loudly below
        }
      }
    },
  });
  if (res.status >= 400)
    throw new ApplierError(`${address}: Error running legacy build: ${res.body.toString('utf8').trim()}`);
  if (errors.length)
    throw new ApplierError(
      `${address}: Error running legacy build: unable to build image\n${errors.join('\n')}`,
    );
  ctx.log(`built ${tags.join(', ')}`);
}

export async function deleteImage(ctx: ApplyContext, s: ResourceState): Promise<void> {
  // removeImage (image_funcs.go:163): nothing if keep_locally; else ImageRemove(name) only —
  // extra build.tag tags are left behind. Go's client sends noprune=1 (PruneChildren=false).
  if (s.attrs.keep_locally === true) return;
  const name = String(s.attrs.name);
  const found = await ctx.docker.callOrUndefined('GET', `/images/${encodeURIComponent(name)}/json`);
  if (!found) return;
  await ctx.docker.call('DELETE', `/images/${encodeURIComponent(name)}`, { query: { noprune: 1 } });
}

function runCapture(cmd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new ApplierError(
            `${cmd} ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString('utf8')}`,
          ),
        );
    });
  });
}
