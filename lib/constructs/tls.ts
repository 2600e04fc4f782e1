import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { WsgiformError } from '../core/errors';
import { absolutePath } from '../core/validate';
import { secretMarker } from '../core/markers';
import { regexCondition, registerSecret } from '../targets/docker/terraform-text';

/**
 * RE2 (Terraform's `regex()`) for a PEM certificate chain: one or more CERTIFICATE blocks and
 * nothing else, so a private key pasted into the wrong variable is refused at plan time.
 */
export const PEM_CHAIN_PATTERN = String.raw`^\s*(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$`;
/**
 * RE2 for one unencrypted PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC). An encrypted key
 * (`ENCRYPTED PRIVATE KEY`, or `Proc-Type:` headers) is refused: HAProxy would ask for a
 * passphrase that nobody can type into a container.
 */
export const PEM_KEY_PATTERN = String.raw`^\s*-----BEGIN (RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/=\s]+-----END (RSA |EC )?PRIVATE KEY-----\s*$`;

/** Options of {@link TlsCertificate.fromVariables}. */
export interface TlsVariablesProps {
  /** Shown by `terraform plan` when it asks for the values. @default - a generic description */
  readonly description?: string;
}

/**
 * The certificate HAProxy presents: a chain (leaf first, then intermediates) and its private
 * key. Key material never appears as a literal in the synthesized JSON.
 */
export class TlsCertificate {
  /**
   * Two sensitive Terraform variables, `<id>_certificate` (PEM chain) and `<id>_private_key`
   * (unencrypted PEM key): `TF_VAR_<id>_certificate="$(cat chain.pem)"` or a `.tfvars` file.
   * Both are validated as PEM at plan time. They are uploaded verbatim into the HAProxy
   * container as two 0600 files, never through a config writer. Like every sensitive
   * variable, the values are stored in the Terraform state.
   */
  static fromVariables(scope: Construct, id: string, props: TlsVariablesProps = {}): TlsCertificate {
    const holder = new Construct(scope, id);
    const path = holder.node.path;
    if (!/^[a-z][a-z0-9_]{0,47}$/.test(id)) {
      throw new WsgiformError(
        path,
        `id=${JSON.stringify(id)}: the id prefixes the Terraform variables (TF_VAR_${id}_certificate); use lower-case letters, digits and _`,
      );
    }
    const what = props.description ?? `TLS certificate ${path}`;
    const make = (suffix: string, pattern: string, description: string, errorMessage: string) => {
      const name = `${id}_${suffix}`;
      const v = new TerraformVariable(holder, suffix, { type: 'string', sensitive: true, description });
      v.overrideLogicalId(name);
      v.addValidation({ condition: regexCondition(pattern, name), errorMessage });
      return { v, name };
    };
    const chain = make(
      'certificate',
      PEM_CHAIN_PATTERN,
      `${what}: PEM certificate chain, leaf first`,
      'Use one or more PEM blocks "-----BEGIN CERTIFICATE-----" and nothing else (the leaf certificate first, then intermediates).',
    );
    const key = make(
      'private_key',
      PEM_KEY_PATTERN,
      `${what}: unencrypted PEM private key`,
      'Use one unencrypted PEM private key ("-----BEGIN PRIVATE KEY-----", "RSA PRIVATE KEY" or "EC PRIVATE KEY"); HAProxy cannot ask for a passphrase.',
    );
    holder.node.addValidation({
      validate: () => {
        const stack = TerraformStack.of(holder);
        const errors: string[] = [];
        for (const mine of [chain, key]) {
          const clash = stack.node
            .findAll()
            .filter(
              (c) => c instanceof TerraformVariable && c !== mine.v && c.friendlyUniqueId === mine.name,
            );
          if (clash.length > 0)
            errors.push(
              `[${path}] variable ${mine.name} is also declared by ${clash[0].node.path}; choose another id`,
            );
        }
        return errors;
      },
    });
    return new TlsCertificate(
      {
        certificate: secretMarker(registerSecret(chain.v.stringValue)),
        privateKey: secretMarker(registerSecret(key.v.stringValue)),
      },
      undefined,
      chain.v,
      key.v,
    );
  }

  /**
   * Files on the Docker engine's host, bind-mounted read-only into the HAProxy container. With
   * the default local engine that is the machine that runs `cdktf deploy`. Nothing of them
   * reaches the JSON or the Terraform state; HAProxy reads them when it starts, so after a
   * renewal restart the load balancer container (`docker restart <deployment>-lb`). Replace
   * the files in place (`cp`, not `mv`): a bind mount keeps the inode it was given.
   */
  static fromHostFiles(certificatePath: string, privateKeyPath: string): TlsCertificate {
    return new TlsCertificate(undefined, { certificatePath, privateKeyPath }, undefined, undefined);
  }

  /** The sensitive variable holding the PEM chain (fromVariables only). */
  readonly certificateVariable?: TerraformVariable;
  /** The sensitive variable holding the PEM private key (fromVariables only). */
  readonly privateKeyVariable?: TerraformVariable;

  private constructor(
    /** @internal */ readonly _markers: { certificate: string; privateKey: string } | undefined,
    /** @internal */ readonly _hostFiles: { certificatePath: string; privateKeyPath: string } | undefined,
    certificateVariable: TerraformVariable | undefined,
    privateKeyVariable: TerraformVariable | undefined,
  ) {
    this.certificateVariable = certificateVariable;
    this.privateKeyVariable = privateKeyVariable;
  }

  /**
   * Checks host paths against the construct that uses the certificate.
   * @internal
   */
  _check(path: string): void {
    if (this._hostFiles) {
      absolutePath(path, 'tls certificatePath', this._hostFiles.certificatePath);
      absolutePath(path, 'tls privateKeyPath', this._hostFiles.privateKeyPath);
    }
  }
}
