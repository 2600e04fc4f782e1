// A file for a service's containers, as data. The render layer writes it (lib/render/config-file.ts).

/** Which ini reader a file is for. */
export enum IniFlavor {
  /** oslo.config (`<service>.conf`): `$` is escaped. */
  OSLO = 'oslo',
  /** PasteDeploy (`api-paste.ini`): `%` is escaped. */
  PASTE = 'paste',
}

/** An extra file for a service's containers. Choose one with a static factory. */
export class ConfigFile {
  /**
   * An ini file rendered from sections by wsgiform's ini writer, which quotes or rejects every
   * value for the reader you name.
   */
  static ini(
    path: string,
    sections: { [section: string]: { [option: string]: string } },
    flavor: IniFlavor = IniFlavor.OSLO,
  ): ConfigFile {
    return new ConfigFile(path, { sections, flavor }, undefined, 0o640);
  }

  /**
   * UNCHECKED file content, written as given (escape hatch). Only a NUL byte is refused.
   * @param mode Unix mode, e.g. 0o640. The file is group-owned by the service's group.
   */
  static raw(path: string, content: string, mode: number = 0o640): ConfigFile {
    return new ConfigFile(path, undefined, content, mode);
  }

  private constructor(
    /** Absolute path in the container. */
    readonly path: string,
    /** @internal */
    readonly _ini: { sections: { [s: string]: { [o: string]: string } }; flavor: IniFlavor } | undefined,
    /** @internal */
    readonly _content: string | undefined,
    /** Unix mode. */
    readonly mode: number,
  ) {}
}
