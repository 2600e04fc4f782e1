// Consumer lane: what users install is what is tested. The package
// is packed with `npm pack`, installed from the tarball into a scratch infra repo laid out as
// `cdktf init --template=typescript --local` lays it out, type-checked there (no skipLibCheck, so
// missing or broken .d.ts fail) and synthesized with `cdktf synth`.
//
// It expects `npm run build && npm run jsii` done. The infra repo's main.ts is the example,
// examples/keystone-cinder-apache/main.ts, importing 'wsgiform' as a user's code does; the
// assertions below are about the Terraform names it yields.
// WSGIFORM_KEEP_CONSUMER=1 keeps the scratch directory for a look afterwards.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';

const REPO = resolve(__dirname, '../..');
const EXAMPLE = join(__dirname, '..', '..', 'examples', 'keystone-cinder-apache', 'main.ts');
const STACK = 'keystone-cinder-apache';
/** Names of replicas and shared containers the example yields (2 replicas each, deployment "wsgiform"). */
const REPLICAS = ['wsgiform-cinder-1', 'wsgiform-cinder-2', 'wsgiform-keystone-1', 'wsgiform-keystone-2'];
const SHARED = ['wsgiform-db', 'wsgiform-lb', 'wsgiform-watchdog'];
const SECRETS = ['admin_password', 'cinder_db_password', 'cinder_service_password', 'keystone_db_password'];

/** The whole lane (pack, install, type-check, synth) must finish within this. */
const LANE_MS = 10 * 60_000;
const repoPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const pin = (name: string): string => {
  const v = repoPkg.devDependencies?.[name];
  if (!v) throw new Error(`consumer lane: ${name} is not a devDependency of wsgiform`);
  return v;
};

const sourcesOf = (dir: string): string[] =>
  readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourcesOf(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );
const SOURCES = [...sourcesOf('lib'), ...sourcesOf('modules')];
const filesOf = (dir: string): string[] =>
  readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(`${dir}/${e.name}`) : [`${dir}/${e.name}`],
  );
const compiled = (src: string, ext: '.js' | '.d.ts') => join('dist', src.replace(/\.ts$/, ext));

/** Fails with the command to run when dist/ or .jsii is missing or older than a source file. */
function requireBuild(): void {
  const hint = 'run npm run build && npm run jsii first (after rm -rf dist if sources were renamed)';
  const newest = Math.max(...SOURCES.map((s) => statSync(join(REPO, s)).mtimeMs));
  const problems: string[] = [];
  for (const f of ['dist/lib/index.d.ts', '.jsii']) {
    if (!existsSync(join(REPO, f))) problems.push(`${f} is missing`);
    else if (statSync(join(REPO, f)).mtimeMs < newest) problems.push(`${f} is older than lib/ or modules/`);
  }
  for (const s of SOURCES)
    for (const out of [compiled(s, '.js'), compiled(s, '.d.ts')]) {
      const p = join(REPO, out);
      if (!existsSync(p)) problems.push(`${out} is missing`);
      else if (statSync(p).mtimeMs < statSync(join(REPO, s)).mtimeMs)
        problems.push(`${out} is older than ${s}`);
    }
  // tsc never deletes outputs: a file left from a renamed source would ship, and can shadow its
  // successor (dist/lib/x.js is resolved before dist/lib/x/index.js).
  const expected = new Set(SOURCES.flatMap((s) => [compiled(s, '.js'), compiled(s, '.d.ts')]));
  const outputsOf = (dir: string): string[] =>
    readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? outputsOf(join(dir, e.name))
        : /\.(js|d\.ts)$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
  for (const dir of ['dist/lib', 'dist/modules'])
    if (existsSync(join(REPO, dir)))
      for (const out of outputsOf(dir))
        if (!expected.has(out)) problems.push(`${out} has no source (stale output: rm -rf dist)`);
  if (problems.length > 0)
    throw new Error(`consumer lane: ${hint}.\n  ${problems.slice(0, 10).join('\n  ')}`);
}

/** Environment of the commands: no npm_* of an enclosing `npm test`, no NODE_ENV=test of jest. */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if ((!/^npm_/i.test(k) || keep.has(k.toLowerCase())) && k !== 'NODE_ENV' && k !== 'INIT_CWD') env[k] = v;
  return { ...env, CHECKPOINT_DISABLE: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
}

/**
 * Runs a command in its own process group; on failure or at the deadline the whole group is
 * killed and the error names the step and shows the end of its output.
 */
function run(step: string, cmd: string, args: string[], cwd: string, deadline: number): Promise<string> {
  return new Promise((done, fail) => {
    const ms = deadline - Date.now();
    if (ms <= 0) return fail(new Error(`consumer lane: no time left for ${step}`));
    const child = spawn(cmd, args, {
      cwd,
      env: childEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, ms);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(new Error(`consumer lane: ${step}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut) return done(out);
      const why = timedOut ? `timed out after ${Math.round(ms / 1000)} s` : `exited ${code ?? signal}`;
      const tail = (s: string) => s.split('\n').slice(-40).join('\n');
      fail(
        new Error(
          `consumer lane: ${step} (${cmd} ${args.join(' ')} in ${cwd}) ${why}\n` +
            `--- stdout\n${tail(out)}\n--- stderr\n${tail(err)}`,
        ),
      );
    });
  });
}

/** `cdktf init --template=typescript --local`'s layout, with wsgiform from the tarball. */
function writeInfraRepo(dir: string, tarball: string): void {
  mkdirSync(dir);
  const json = (f: string, v: unknown) => writeFileSync(join(dir, f), JSON.stringify(v, null, 2) + '\n');
  json('package.json', {
    name: 'infra',
    version: '1.0.0',
    main: 'main.js',
    types: 'main.ts',
    license: 'MPL-2.0',
    private: true,
    scripts: {
      get: 'cdktf get',
      build: 'tsc',
      synth: 'cdktf synth',
      compile: 'tsc --pretty',
      watch: 'tsc -w',
    },
    engines: { node: '>=20.9' },
    dependencies: {
      '@cdktf/provider-docker': pin('@cdktf/provider-docker'),
      cdktf: pin('cdktf'),
      constructs: pin('constructs'),
      wsgiform: `file:${tarball}`,
    },
    devDependencies: {
      '@types/node': pin('@types/node'),
      'cdktf-cli': pin('cdktf-cli'),
      'ts-node': pin('ts-node'),
      typescript: pin('typescript'),
    },
  });
  // cdktf's template tsconfig.json without skipLibCheck: the shipped .d.ts are checked too.
  json('tsconfig.json', {
    compilerOptions: {
      alwaysStrict: true,
      declaration: true,
      experimentalDecorators: true,
      inlineSourceMap: true,
      inlineSources: true,
      lib: ['es2018'],
      module: 'CommonJS',
      noEmitOnError: true,
      noFallthroughCasesInSwitch: true,
      noImplicitAny: true,
      noImplicitReturns: true,
      noImplicitThis: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      resolveJsonModule: true,
      strict: true,
      strictNullChecks: true,
      strictPropertyInitialization: true,
      stripInternal: true,
      target: 'ES2018',
      incremental: true,
    },
    include: ['**/*.ts'],
    exclude: ['node_modules', 'cdktf.out'],
  });
  json('cdktf.json', {
    language: 'typescript',
    app: 'npx ts-node main.ts',
    projectId: randomUUID(),
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  });
  writeFileSync(
    join(dir, '.gitignore'),
    [
      '*.d.ts',
      '*.js',
      'node_modules',
      'cdktf.out',
      'cdktf.log',
      '*terraform.*.tfstate*',
      '.gen',
      '.terraform',
    ]
      .concat(['tsconfig.tsbuildinfo', ''])
      .join('\n'),
  );
  const example = readFileSync(EXAMPLE, 'utf8');
  if (!example.includes("from '../../lib';")) throw new Error(`${EXAMPLE} no longer imports '../../lib'`);
  writeFileSync(join(dir, 'main.ts'), example.replace("from '../../lib';", "from 'wsgiform';"));
}

/** A block of the synthesized JSON: cdktf writes single blocks as objects or one-element arrays. */
const block = (v: any): any => (Array.isArray(v) ? v[0] : v);

describe('consumer: the npm tarball in a fresh cdktf infra repo', () => {
  let scratch = '';
  let infra = '';
  let packed: { filename: string; files: { path: string }[]; size: number; entryCount: number };
  let synth: any;

  beforeAll(async () => {
    const deadline = Date.now() + LANE_MS - 15_000;
    requireBuild();
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'wsgiform-consumer-')));
    const packDir = join(scratch, 'pack');
    mkdirSync(packDir);
    const packOut = await run(
      'npm pack',
      'npm',
      ['pack', '--json', '--pack-destination', packDir],
      REPO,
      deadline,
    );
    packed = JSON.parse(packOut)[0];
    const tarball = join(packDir, packed.filename);
    expect(existsSync(tarball)).toBe(true);

    infra = join(scratch, 'infra');
    writeInfraRepo(infra, tarball);
    const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline'];
    await run('npm install', 'npm', npmInstall, infra, deadline);
    await run('tsc --noEmit', 'npx', ['tsc', '--noEmit'], infra, deadline);
    await run('cdktf synth', 'npx', ['cdktf', 'synth'], infra, deadline);
    synth = JSON.parse(readFileSync(join(infra, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
  }, LANE_MS);

  afterAll(() => {
    if (scratch && !process.env.WSGIFORM_KEEP_CONSUMER) rmSync(scratch, { recursive: true, force: true });
  });

  it('packs compiled lib/ and modules/ with .d.ts, the jsii assembly, images/ and docs/, nothing else', () => {
    const files = packed.files.map((f) => f.path);
    const allowed =
      /^(dist\/(lib|modules)\/.+\.(js|d\.ts)|images\/.+|docs\/.+|\.jsii|README\.md|LICENSE|package\.json)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    const expected = SOURCES.flatMap((s) => [compiled(s, '.js'), compiled(s, '.d.ts')]);
    expect(expected.filter((f) => !files.includes(f.split(sep).join('/')))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['.jsii', 'README.md', 'package.json']));
    // Every Dockerfile and build-context file of images/, every page of docs/.
    const shipped = [...filesOf('images'), ...filesOf('docs')].filter((f) => !f.includes('__pycache__'));
    expect(shipped.some((f) => f.endsWith('/Dockerfile'))).toBe(true);
    expect(shipped.filter((f) => !files.includes(f))).toEqual([]);
  });

  it('installs a copy of the tarball (not a link to this checkout)', () => {
    const installed = join(infra, 'node_modules', 'wsgiform');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(realpathSync(installed).startsWith(infra + sep)).toBe(true);
    expect(existsSync(join(installed, 'dist', 'lib', 'index.d.ts'))).toBe(true);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe(repoPkg.version);
  });

  it('synthesizes the keystone and cinder replicas and the shared containers', () => {
    const names = Object.values<any>(synth.resource.docker_container).map((c) => c.name as string);
    expect(names.filter((n) => /-(keystone|cinder)-\d+$/.test(n)).sort()).toEqual(REPLICAS);
    expect(names).toEqual(expect.arrayContaining(SHARED));
    // Every replica runs an image this stack builds.
    for (const c of Object.values<any>(synth.resource.docker_container).filter((c) =>
      REPLICAS.includes(c.name),
    )) {
      const ref = /^\$\{docker_image\.([^.]+)\.image_id\}$/.exec(c.image);
      expect({
        name: c.name,
        image: c.image,
        declared: !!ref && ref[1] in synth.resource.docker_image,
      }).toEqual({
        name: c.name,
        image: c.image,
        declared: true,
      });
    }
  });

  it('builds images from node_modules/wsgiform/images/<role>, each with its Dockerfile on disk', () => {
    const imagesDir = realpathSync(join(infra, 'node_modules', 'wsgiform', 'images'));
    const contexts = Object.values<any>(synth.resource.docker_image).map(
      (i) => block(i.build)?.context as string,
    );
    expect(contexts.length).toBeGreaterThan(0);
    for (const context of contexts) {
      expect({ context, absolute: isAbsolute(context ?? '') }).toEqual({ context, absolute: true });
      expect(relative(imagesDir, context).split(sep)).toEqual([basename(context)]);
      expect(realpathSync(context)).toBe(context);
      expect(existsSync(join(context, 'Dockerfile'))).toBe(true);
    }
    // The replicas' images are among them.
    for (const c of Object.values<any>(synth.resource.docker_container).filter((c) =>
      REPLICAS.includes(c.name),
    )) {
      const id = /^\$\{docker_image\.([^.]+)\.image_id\}$/.exec(c.image)?.[1] ?? '';
      const context = block(synth.resource.docker_image[id]?.build)?.context ?? '';
      expect({ name: c.name, inImages: context.startsWith(imagesDir + sep) }).toEqual({
        name: c.name,
        inImages: true,
      });
    }
    // Nothing in the synthesized stack points back into this checkout.
    expect(JSON.stringify(synth)).not.toContain(REPO + sep);
  });

  it('declares the secrets as sensitive string variables, and every referenced variable exists', () => {
    for (const name of SECRETS)
      expect({ name, ...synth.variable?.[name] }).toMatchObject({ name, type: 'string', sensitive: true });
    const referenced = new Set(
      [...JSON.stringify(synth.resource).matchAll(/(?<![\w./-])var\.([A-Za-z_][A-Za-z0-9_]*)/g)].map(
        (m) => m[1],
      ),
    );
    expect(referenced.size).toBeGreaterThan(0);
    expect([...referenced].filter((v) => !(v in (synth.variable ?? {})))).toEqual([]);
  });
});
