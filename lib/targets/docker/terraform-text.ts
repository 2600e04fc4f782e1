import { segments } from '../../core/markers';

/**
 * Secrets known to this process, by the id their marker carries. Each entry is the cdktf token
 * of a sensitive variable; the token resolves to `${var.NAME}` in the synthesized JSON.
 */
const secrets = new Map<number, string>();

export function registerSecret(token: string): number {
  const id = secrets.size + 1;
  secrets.set(id, token);
  return id;
}

/**
 * A rendered string as Terraform must see it. Terraform reads every JSON string as a template,
 * so literal `${` and `%{` (Apache's `%{GLOBAL}`) are escaped as `$${` and `%%{`; cdktf does
 * not do this for us. Secret markers become references to their variables.
 */
export function toTerraformString(value: string): string {
  return segments(value)
    .map((s) => {
      if ('text' in s) return s.text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
      const token = secrets.get(s.secret);
      if (token === undefined) throw new Error(`internal: unknown secret marker ${s.secret}`);
      return token;
    })
    .join('');
}

/**
 * A variable validation condition: the variable's value must match `pattern` (RE2, Terraform's
 * `regex()`). The pattern is written as an HCL string literal, `\` and `"` escaped.
 */
export function regexCondition(pattern: string, variable: string): string {
  const literal = `"${pattern.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `\${can(regex(${literal}, var.${variable}))}`;
}
