import { TerraformStack, TerraformVariable } from 'cdktf';
import { WsgiformError } from '../core/errors';
import { Construct } from 'constructs';
import { SECRET_PATTERN, secretMarker } from '../core/markers';
import { regexCondition, registerSecret } from '../targets/docker/terraform-text';

export interface SecretProps {
  /** Shown by `terraform plan` when it asks for the value. @default - a generic description */
  readonly description?: string;
}

/**
 * A secret (a password) supplied as a sensitive Terraform variable: `TF_VAR_<name>` or a
 * `.tfvars` file at deploy time. It never appears as a literal in the synthesized JSON.
 *
 * The variable only accepts 8–128 characters of `A-Z a-z 0-9 . _ ~ -`: every config syntax
 * wsgiform writes (ini, Apache, HAProxy, SQL, shell, URLs) holds those unquoted, so a value
 * Terraform accepts can never break a config file. Terraform rejects anything else at plan time.
 */
export class Secret extends Construct {
  /** The sensitive variable behind this secret. */
  readonly variable: TerraformVariable;
  /**
   * The secret as a placeholder to put inside config values, e.g.
   * `` `mysql+pymysql://u:${secret.value}@db/x` ``. Only wsgiform's writers understand it.
   */
  readonly value: string;
  /** Name of the Terraform variable: `TF_VAR_<name>` sets it. */
  readonly variableName: string;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id);
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(id)) {
      throw new WsgiformError(
        this.node.path,
        `id=${JSON.stringify(id)}: the id names the Terraform variable (TF_VAR_${id}); use lower-case letters, digits and _`,
      );
    }
    const taken = TerraformStack.of(this)
      .node.findAll()
      .filter((c) => c instanceof Secret && c !== this && c.node.id === id);
    if (taken.length > 0) {
      throw new WsgiformError(
        this.node.path,
        `id=${id}: ${taken[0].node.path} already names variable ${id}; choose another id`,
      );
    }
    this.variable = new TerraformVariable(this, 'value', {
      type: 'string',
      sensitive: true,
      description: props.description ?? `Secret ${this.node.path}`,
    });
    this.variable.addValidation({
      condition: regexCondition(SECRET_PATTERN, id),
      errorMessage: `Use 8 to 128 characters of A-Z a-z 0-9 . _ ~ - (wsgiform writes secrets unquoted into config files).`,
    });
    this.variable.overrideLogicalId(id);
    this.variableName = id;
    this.value = secretMarker(registerSecret(this.variable.stringValue));
  }
}
