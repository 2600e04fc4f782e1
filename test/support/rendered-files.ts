import { Testing } from 'cdktf';
import { KeystoneCinder, type KeystoneCinderOptions } from './planes';
import { parseTemplate } from './applier';

/** A file as it lands in a container, after Terraform has evaluated the upload's template. */
export interface LandedFile {
  readonly container: string;
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
}

/** A value every secret variable accepts (the validation regex's charset). */
export const TEST_SECRET = 'Test.Secret_123~x';

/**
 * Every file the example uploads into any container, with `${var.*}` replaced by a valid
 * secret and Terraform's escapes undone, exactly as the provider would write it.
 */
export function exampleFiles(opts: KeystoneCinderOptions = {}): LandedFile[] {
  return landedFiles(Testing.synth(new KeystoneCinder(Testing.app(), 'example', opts)));
}

/**
 * Every file a synthesized stack uploads into any container, as it lands: variables from
 * `values` (a valid secret for the others) and Terraform's escapes undone.
 */
export function landedFiles(synthesized: string, values: Record<string, string> = {}): LandedFile[] {
  const json = JSON.parse(synthesized);
  const out: LandedFile[] = [];
  for (const c of Object.values<any>(json.resource.docker_container)) {
    for (const u of c.upload ?? []) {
      const tpl = parseTemplate(u.content, `${c.name}:${u.file}`);
      const content = tpl.parts
        .map((p) => {
          if (typeof p === 'string') return p;
          if (p.kind === 'var') return values[p.name] ?? TEST_SECRET;
          throw new Error(`${c.name}:${u.file}: unexpected reference ${JSON.stringify(p)}`);
        })
        .join('');
      out.push({ container: c.name, path: u.file, content, permissions: u.permissions });
    }
  }
  return out;
}
