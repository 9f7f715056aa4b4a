// The schema option of raw calls takes any Standard Schema (zod 3.24+ and 4, valibot, arktype...), as ky 2 does:
// a user on another validation library gets a typed, validated result.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { OvhClient, ResponseValidationError, type StandardSchema } from '../src/index.js';

const server = setupServer(
  http.get('https://eu.api.ovh.com/1.0/auth/time', () => HttpResponse.json(Math.floor(Date.now() / 1000))),
  http.get('https://eu.api.ovh.com/1.0/me', () => HttpResponse.json({ nichandle: 'xx1111-ovh', email: 'me@example.com', token: 42 })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const ovh = new OvhClient({
  endpoint: 'ovh-eu',
  applicationKey: 'AKstd0001',
  applicationSecret: 'ASstdSecret0001',
  consumerKey: 'CKstdSecret0001',
  configFile: false,
  env: {},
  retry: false,
});

/** A Standard Schema written by hand, as another library would provide it: an object with a string nichandle. */
function objectWith(field: string): StandardSchema<unknown, { nichandle: string }> {
  return {
    '~standard': {
      version: 1,
      vendor: 'handmade',
      validate: async (value) =>
        typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[field] === 'string'
          ? { value: { nichandle: (value as Record<string, string>)[field] as string } }
          : { issues: [{ message: `${field} must be a string`, path: [{ key: field }] }] },
    },
  };
}

describe('raw calls with any Standard Schema', () => {
  it('validates and types the result with a non-zod schema', async () => {
    const me = await ovh.get('/me', { schema: objectWith('nichandle') });
    expectTypeOf(me).toEqualTypeOf<{ nichandle: string }>();
    expect(me).toEqual({ nichandle: 'xx1111-ovh' });
  });

  it("refusals become ResponseValidationError naming the field and the value found (never a secret field's)", async () => {
    const error = (await ovh.get('/me', { schema: objectWith('email_address') }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues).toEqual([{ field: 'email_address', message: 'email_address must be a string', received: 'missing' }]);
    expect(error.message).toContain('does not match the given schema (handmade)');
    const secret = (await ovh.get('/me', { schema: objectWith('token') }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(secret.issues[0]?.received).toBe('[redacted]');
  });

  it('zod 4 schemas still go through the native path', async () => {
    const me = await ovh.get('/me', { schema: z.object({ nichandle: z.string() }) });
    expectTypeOf(me).toEqualTypeOf<{ nichandle: string }>();
    expect(me).toEqual({ nichandle: 'xx1111-ovh' });
  });
});
