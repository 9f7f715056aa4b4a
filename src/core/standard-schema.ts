// Standard Schema (standardschema.dev), the interface zod (3.24+ and 4), valibot, arktype and others implement:
// raw calls validate with any of them, so a user on another zod version gets a typed result. Only the part we use
// is declared here; the SDK's own resources keep using its zod schemas directly.
import { ResponseValidationError, type ResponseIssue } from './errors.js';
import { responseIssue } from './response-issues.js';

/** A schema that implements Standard Schema v1: what the `schema` option of raw calls takes. */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The result of a Standard Schema validation. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** The output type of a Standard Schema (`unknown` without one). */
export type StandardOutput<S> = S extends StandardSchema<unknown, infer O> ? O : unknown;

/** True for zod 4 schemas (any minor), which the transport validates natively (per-item list reports included). */
export function isZod4(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

/** Validates a response with any Standard Schema; throws the SDK's ResponseValidationError on issues. */
export async function validateStandard<S extends StandardSchema>(
  schema: S,
  data: unknown,
  info: { method: string; path: string },
): Promise<StandardOutput<S>> {
  const result = await schema['~standard'].validate(data);
  if (!result.issues) return result.value as StandardOutput<S>;
  const issues: ResponseIssue[] = result.issues.map((issue) =>
    responseIssue(
      data,
      (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p)),
      issue.message,
    ),
  );
  const first = issues[0] as ResponseIssue;
  return Promise.reject(
    new ResponseValidationError(
      `${info.method} ${info.path} returned data that does not match the given schema (${schema['~standard'].vendor}): ${first.field}: ${first.message} (got ${first.received})${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`,
      { ...info, issues },
    ),
  );
}
