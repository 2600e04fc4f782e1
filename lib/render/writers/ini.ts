import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals, withoutSecrets } from '../../core/markers';

/**
 * The two ini readers OpenStack services use, which disagree on what is special:
 * - OSLO: oslo.config's own parser. `$name` interpolates another option (`$$` is a literal `$`);
 *   surrounding whitespace is stripped, and one pair of matching quotes around a value is removed.
 * - PASTE: PasteDeploy's ConfigParser. `%(name)s` interpolates (`%%` is a literal `%`); surrounding
 *   whitespace is stripped and quotes are kept.
 */
export enum IniDialect {
  OSLO = 'oslo',
  PASTE = 'paste',
}

/** One ini section: option name → value, in the order given. */
export type IniSection = Readonly<Record<string, string>>;
/** Sections in the order given. */
export type IniSections = Readonly<Record<string, IniSection>>;

const SECTION = /^[A-Za-z0-9_.:-]+$/;
const KEY = /^[A-Za-z0-9_.-]+$/;
/** PasteDeploy's urlmap composites take URL paths as option names (`/v1 = apiv1app`). */
const PASTE_PATH_KEY = /^\/[A-Za-z0-9_.~/-]*$/;

export function iniValue(dialect: IniDialect, what: string, value: string): string {
  rejectControl(what, value);
  const plain = withoutSecrets(value);
  if (dialect === IniDialect.OSLO) {
    const escaped = mapLiterals(value, (s) => s.replace(/\$/g, '$$$$'));
    const needsQuotes = /^\s|\s$/.test(plain) || /^["']/.test(plain) || /["']$/.test(plain);
    return needsQuotes ? `"${escaped}"` : escaped;
  }
  if (/^\s|\s$/.test(plain)) {
    throw new RenderError(what, value, 'PasteDeploy strips leading and trailing whitespace; remove it');
  }
  return mapLiterals(value, (s) => s.replace(/%/g, '%%'));
}

/** Renders sections as ini text for the given dialect. */
export function renderIni(dialect: IniDialect, sections: IniSections, header?: string): string {
  const out: string[] = [];
  if (header) out.push(...header.split('\n').map((l) => `# ${l}`.trimEnd()), '');
  for (const [name, options] of Object.entries(sections)) {
    if (!SECTION.test(name)) {
      throw new RenderError('section', name, 'ini section names are letters, digits and _ . : -');
    }
    out.push(`[${name}]`);
    for (const [key, value] of Object.entries(options)) {
      if (!KEY.test(key) && !(dialect === IniDialect.PASTE && PASTE_PATH_KEY.test(key))) {
        throw new RenderError(
          `[${name}] option`,
          key,
          dialect === IniDialect.PASTE
            ? 'paste ini option names are letters, digits and _ . -, or a URL path (/v1)'
            : 'ini option names are letters, digits and _ . -',
        );
      }
      const v = iniValue(dialect, `[${name}] ${key}`, value);
      out.push(v === '' ? `${key} =` : `${key} = ${v}`);
    }
    out.push('');
  }
  return out.join('\n');
}
