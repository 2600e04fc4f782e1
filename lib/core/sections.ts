/** Options of an ini file: section → option → value, in the order given. */
export type Sections = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Merges `over` into `base` section by section; later options replace earlier ones. */
export function mergeIni(base: Sections, over: Sections | undefined): Sections {
  const merged: Record<string, Record<string, string>> = {};
  for (const [name, opts] of Object.entries(base)) merged[name] = { ...opts };
  for (const [name, opts] of Object.entries(over ?? {})) merged[name] = { ...(merged[name] ?? {}), ...opts };
  return merged;
}
