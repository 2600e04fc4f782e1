// Tests for the strict test-only applier (test/support/applier.ts).
// The first half needs no Docker; the second half talks to the local engine only, creates
// objects named with a per-run prefix and removes them afterwards.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ApplierError,
  parseGoDuration,
  parseTemplate,
  plan,
  re2ToJs,
  splitImagesFirst,
  ustarSingleFile,
} from '../support/applier';

import { doc } from '../support/applier-fixtures';

describe('templates', () => {
  it('unescapes $${ and %%{ and keeps other $ and % literally', () => {
    expect(parseTemplate('a $${x} %%{y} $5 %d $$ %%', 'w').parts).toEqual(['a ${x} %{y} $5 %d $$ %%']);
  });

  it('splits several references embedded in one string', () => {
    expect(parseTemplate('${var.a}:${docker_network.n.name}-x${docker_image.i.image_id}', 'w').parts).toEqual(
      [
        { kind: 'var', name: 'a' },
        ':',
        { kind: 'res', type: 'docker_network', name: 'n', attr: 'name' },
        '-x',
        { kind: 'res', type: 'docker_image', name: 'i', attr: 'image_id' },
      ],
    );
  });

  it.each([
    ['${upper(var.a)}'],
    ['${local.x}'],
    ['${var.a}${path.module}'],
    ['${ "}" }'],
    ['${var.a'],
    ['${~ var.a ~}'],
  ])('refuses unsupported expression %s', (s) => {
    expect(() => parseTemplate(s, 'where')).toThrow(ApplierError);
  });

  it('refuses a bare %{ directive and names where it is', () => {
    expect(() => parseTemplate('x %{ if true }y%{ endif }', 'docker_container.c.env[0]')).toThrow(
      /docker_container\.c\.env\[0\].*directive '%\{'/,
    );
  });
});

describe('plan (no engine)', () => {
  it('builds every image, and what an image depends on, before anything else', () => {
    const p = plan(
      doc({
        docker_network: { n: { name: 'n' } },
        docker_image: {
          base: { name: 'base' },
          role: { name: 'role', depends_on: ['docker_image.base', 'docker_network.n'] },
        },
        docker_volume: { v: { name: 'v' } },
        docker_container: {
          c: { name: 'c', image: '${docker_image.role.image_id}', depends_on: ['docker_volume.v'] },
        },
      }),
    );
    const depsOf = (a: string): string[] => [...(p.resources.get(a)?.deps ?? [])];
    const phases = splitImagesFirst(p.order, p.resources, depsOf);
    expect(phases).toEqual([
      ['docker_image.base', 'docker_network.n', 'docker_image.role'],
      ['docker_volume.v', 'docker_container.c'],
    ]);
    // Each phase keeps the plan's topological order, so a phase never waits on a later one.
    expect(phases.flat().sort()).toEqual([...p.order].sort());
    expect(splitImagesFirst(['docker_network.n'], p.resources, depsOf)).toEqual([['docker_network.n']]);
  });

  const container = (extra: object = {}): object => ({ name: 'c', image: 'img', ...extra });

  it('refuses an unknown resource type', () => {
    expect(() => plan(doc({ docker_service: { s: { name: 'x' } } }))).toThrow(
      /resource type 'docker_service' is not implemented.*\bs\b/,
    );
  });

  it('refuses an unknown attribute, naming resource and attribute', () => {
    expect(() => plan(doc({ docker_container: { web: container({ privileged: true }) } }))).toThrow(
      /docker_container\.web: unsupported attribute 'privileged'/,
    );
  });

  it('refuses unknown nested attributes and ones 3.6.2 silently ignores', () => {
    expect(() =>
      plan(
        doc({
          docker_container: {
            web: container({ healthcheck: { test: ['CMD', 'true'], start_interval: '1s' } }),
          },
        }),
      ),
    ).toThrow(/docker_container\.web\.healthcheck\.start_interval/);
    expect(() =>
      plan(doc({ docker_image: { i: { name: 'x', build: { context: '/tmp', label: { a: 'b' } } } } })),
    ).toThrow(/build\.label.*never reads it/);
    expect(() =>
      plan(
        doc({
          docker_container: { web: container({ upload: [{ file: '/x', content: 'a', source_hash: 'h' }] }) },
        }),
      ),
    ).toThrow(/upload\[0\]: unsupported attribute 'source_hash'/);
  });

  it('runs the provider validators at plan time', () => {
    expect(() => plan(doc({ docker_container: { web: container({ restart: 'sometimes' }) } }))).toThrow(
      /restart: 'sometimes' doesn't match/,
    );
    expect(() =>
      plan(
        doc({
          docker_container: {
            web: container({ upload: [{ file: '/x', content: 'a', permissions: '755' }] }),
          },
        }),
      ),
    ).toThrow(/permissions/);
    expect(() =>
      plan(
        doc({
          docker_container: { web: container({ healthcheck: { test: ['CMD', 'true'], interval: '5' } }) },
        }),
      ),
    ).toThrow(/not a valid duration/);
    expect(() => plan(doc({ docker_container: { web: { name: 'c' } } }))).toThrow(
      /docker_container\.web\.image: required attribute is missing/,
    );
    expect(() => plan(doc({ docker_image: { i: { name: 'x', build: { context: 'rel/dir' } } } }))).toThrow(
      /absolute path/,
    );
  });

  it('refuses locals, data sources, unknown top-level blocks and meta-arguments', () => {
    expect(() => plan(doc({}, { locals: { a: 1 } }))).toThrow(/locals/);
    expect(() => plan(doc({}, { data: { docker_network: { n: { name: 'x' } } } }))).toThrow(/data sources/);
    expect(() => plan(doc({}, { module: {} }))).toThrow(/top-level block 'module'/);
    expect(() => plan(doc({ docker_network: { n: { name: 'x', count: 2 } } }))).toThrow(
      /meta-argument 'count'/,
    );
    expect(() =>
      plan(doc({ docker_network: { n: { name: 'x', lifecycle: { create_before_destroy: true } } } })),
    ).toThrow(/lifecycle\.create_before_destroy/);
  });

  it('accepts only a unix:// provider host and the 3.6.2 pin', () => {
    expect(() => plan({ provider: { docker: [{ host: 'tcp://127.0.0.1:2375' }] }, resource: {} })).toThrow(
      /only unix:\/\//,
    );
    expect(() =>
      plan({ provider: { docker: [{ host: 'unix:///x', cert_path: '/c' }] }, resource: {} }),
    ).toThrow(/cert_path/);
    expect(() =>
      plan({ terraform: { required_providers: { docker: { version: '3.7.0' } } }, resource: {} }),
    ).toThrow(/exactly 3\.6\.2/);
    expect(plan({ provider: { docker: [{ host: 'unix:///run/other.sock' }] } }).socketPath).toBe(
      '/run/other.sock',
    );
  });

  describe('variables', () => {
    const withVar = (v: object): object =>
      doc(
        { docker_network: { n: { name: 'net-${var.suffix}' } } },
        { variable: { suffix: { type: 'string', ...v } } },
      );

    it('takes the value from options, else the default; a missing value throws', () => {
      expect(plan(withVar({ default: 'd' })).variables.get('suffix')).toBe('d');
      expect(plan(withVar({ default: 'd' }), { variables: { suffix: 'o' } }).variables.get('suffix')).toBe(
        'o',
      );
      expect(() => plan(withVar({}))).toThrow(/no value for required variable 'suffix'/);
      expect(() => plan(withVar({ default: 'd' }), { variables: { other: 'x' } })).toThrow(
        /undeclared variable 'other'/,
      );
    });

    it('treats a variable default as a literal (no template evaluation)', () => {
      expect(plan(withVar({ default: '$${x}' })).variables.get('suffix')).toBe('$${x}');
    });

    it('enforces can(regex(...)) validations and refuses other condition forms', () => {
      const validated = withVar({
        sensitive: true,
        validation: [
          {
            condition: '${can(regex("^[a-z]{3}\\\\d$", var.suffix))}',
            error_message: 'three letters and a digit',
          },
        ],
      });
      expect(plan(validated, { variables: { suffix: 'abc1' } }).sensitive.has('suffix')).toBe(true);
      expect(() => plan(validated, { variables: { suffix: 'ab1' } })).toThrow(
        /invalid value for variable 'suffix': three letters and a digit/,
      );
      expect(() =>
        plan(
          withVar({
            default: 'x',
            validation: [{ condition: '${length(var.suffix) > 2}', error_message: 'm' }],
          }),
        ),
      ).toThrow(/unsupported validation condition/);
      expect(() =>
        plan(
          withVar({
            default: 'x',
            validation: [{ condition: '${can(regex("x", var.other))}', error_message: 'm' }],
          }),
        ),
      ).toThrow(/must refer to var\.suffix/);
    });

    it('refuses references to undeclared variables', () => {
      expect(() => plan(doc({ docker_network: { n: { name: '${var.nope}' } } }))).toThrow(
        /undeclared variable var\.nope/,
      );
    });
  });

  describe('ordering', () => {
    it('orders by depends_on and by implicit references', () => {
      const p = plan(
        doc({
          docker_container: {
            app: {
              name: 'a',
              image: '${docker_image.img.image_id}',
              networks_advanced: [{ name: '${docker_network.net.name}' }],
              depends_on: ['docker_container.db'],
            },
            db: { name: 'd', image: '${docker_image.img.image_id}' },
          },
          docker_image: { img: { name: 'x', keep_locally: true } },
          docker_network: { net: { name: 'n' } },
        }),
      );
      const at = (a: string): number => p.order.indexOf(a);
      expect(at('docker_image.img')).toBeLessThan(at('docker_container.db'));
      expect(at('docker_container.db')).toBeLessThan(at('docker_container.app'));
      expect(at('docker_network.net')).toBeLessThan(at('docker_container.app'));
      expect(p.resources.get('docker_container.app')?.deps).toEqual(
        new Set(['docker_container.db', 'docker_image.img', 'docker_network.net']),
      );
    });

    it('refuses cycles, undeclared resources and attributes that are not implemented', () => {
      expect(() =>
        plan(
          doc({
            docker_network: {
              a: { name: '${docker_network.b.name}' },
              b: { name: '${docker_network.a.name}' },
            },
          }),
        ),
      ).toThrow(/dependency cycle/);
      expect(() =>
        plan(doc({ docker_network: { a: { name: 'x', depends_on: ['docker_volume.v'] } } })),
      ).toThrow(/undeclared resource docker_volume\.v/);
      expect(() =>
        plan(
          doc({
            docker_network: { a: { name: 'x' } },
            docker_volume: { v: { name: '${docker_network.a.scope}' } },
          }),
        ),
      ).toThrow(/docker_network\.a\.scope is not implemented/);
    });

    it('accepts only ${self.exit_code == 0} as a postcondition', () => {
      const pc = (condition: string): object =>
        doc({
          docker_container: {
            c: container({ lifecycle: { postcondition: [{ condition, error_message: 'm' }] } }),
          },
        });
      expect(() => plan(pc('${self.exit_code == 0}'))).not.toThrow();
      expect(() => plan(pc('${self.exit_code != 1}'))).toThrow(/only \$\{self\.exit_code == 0\}/);
    });
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('5s')).toBe(5e9);
    expect(parseGoDuration('1m30s')).toBe(90e9);
    expect(parseGoDuration('500ms')).toBe(5e8);
    expect(parseGoDuration('1.5h')).toBe(5400e9);
    expect(parseGoDuration('0')).toBe(0);
    expect(() => parseGoDuration('5')).toThrow();
    expect(() => parseGoDuration('')).toThrow();
  });

  it('translates RE2 only where JavaScript means the same', () => {
    expect(re2ToJs('^a\\sb$', 'w').test('a\tb')).toBe(true);
    expect(re2ToJs('^a\\sb$', 'w').test('a\u00a0b')).toBe(false); // RE2 \s is ASCII only
    expect(() => re2ToJs('^(?=a)', 'w')).toThrow(/not supported/);
    expect(() => re2ToJs('(?i)abc', 'w')).toThrow(/not supported/);
    expect(() => re2ToJs('[[:alpha:]]', 'w')).toThrow(/POSIX/);
  });

  it('writes a one-entry ustar archive that tar reads back with mode and owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applier-tar-'));
    try {
      const long = `/opt/${'d'.repeat(60)}/${'e'.repeat(60)}/run.sh`;
      for (const [file, mode] of [
        ['/etc/app/conf.ini', 0o644],
        [long, 0o755],
      ] as const) {
        const tarFile = path.join(dir, 'x.tar');
        fs.writeFileSync(tarFile, ustarSingleFile(file, Buffer.from('hello\n'), mode));
        const listing = execFileSync('tar', ['-tvf', tarFile, '--numeric-owner'], {
          stdio: ['ignore', 'pipe', 'ignore'],
        }).toString();
        expect(listing).toContain(mode === 0o755 ? '-rwxr-xr-x 0/0' : '-rw-r--r-- 0/0');
        expect(listing).toContain(file.slice(1));
        expect(
          execFileSync('tar', ['-xOf', tarFile], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
        ).toBe('hello\n');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
