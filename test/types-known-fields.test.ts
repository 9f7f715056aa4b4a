// Response types list known fields only: a misspelt field does not compile. (This file is typechecked by
// `npm test`; each @ts-expect-error fails the typecheck if the line after it compiles.)
import { describe, expect, expectTypeOf, it } from 'vitest';
import { withUnknownFields, type AiToken, type Secret, type Application, type Credential, type IamPolicy, type OAuth2Client } from '../src/index.js';
import type { EnvironmentVariable } from '../src/webpaas/index.js';
import { Credential as CredentialSchema } from '../src/schemas.js';

declare const credential: Credential;
declare const application: Application;
declare const client: OAuth2Client;
declare const token: AiToken;
declare const variable: EnvironmentVariable;
declare const policy: IamPolicy;

// Never called: it only has to typecheck (or not).
function typos(): unknown[] {
  return [
    // @ts-expect-error lastUse, misspelt
    credential.lastuse,
    // @ts-expect-error nested: a rule's method, misspelt
    credential.rules[0]?.methd,
    // @ts-expect-error name, misspelt
    application.nmae,
    // @ts-expect-error identity, misspelt
    client.identty,
    // @ts-expect-error spec.role, misspelt
    token.spec.rol,
    // @ts-expect-error is_sensitive, misspelt
    variable.is_sensitve,
    // @ts-expect-error permissions.allow, misspelt
    policy.permissions.alow,
  ];
}

void typos;

describe('known fields', () => {
  it('records stay records; known fields keep their types and optionality', () => {
    expectTypeOf<EnvironmentVariable['attributes']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<Credential['lastUse']>().toEqualTypeOf<string | null>();
    expectTypeOf<EnvironmentVariable['value']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AiToken['status']['value']>().toEqualTypeOf<Secret | null>();
  });

  it('a field the API adds is kept at run time, reached through withUnknownFields', () => {
    const parsed = CredentialSchema.parse({
      credentialId: 1,
      applicationId: 2,
      creation: '2020-03-28T08:07:14+01:00',
      ovhSupport: false,
      rules: [],
      status: 'validated',
      futureField: 'kept',
    }) as Credential;
    expect(withUnknownFields(parsed).futureField).toBe('kept');
  });
});
