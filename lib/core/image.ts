/**
 * Where a container's image comes from, as plain data. The target turns it into an image on
 * its engine; an operator's `ImageSource` may replace any of them by key with a prebuilt image.
 */
export interface ImageSpec {
  /** Key of the image within a deployment: a role (`haproxy`) or a service name (`keystone`). */
  readonly key: string;
  /** Build from a folder of wsgiform's own images/ (`haproxy`, `service`). */
  readonly bundled?: string;
  /** Build from an absolute folder of the operator's. */
  readonly directory?: string;
  /** Build arguments besides `BASE`, which the target sets. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** A prebuilt image by name; nothing is built. */
  readonly name?: string;
  /**
   * No image wsgiform can build or name: the operator must supply one by key (`prebuilt`), and
   * this says what it must contain.
   */
  readonly userSupplied?: string;
}

/** One of wsgiform's own images, built from images/<folder>. */
export function bundledImage(key: string, folder = key): ImageSpec {
  return { key, bundled: folder, buildArgs: {} };
}
