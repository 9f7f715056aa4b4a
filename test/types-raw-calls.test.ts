// What raw calls and the endpoint option promise in types (this file is typechecked by `npm test`, where an
// expected error that does not happen fails the typecheck), and that the values match at runtime.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { OvhClient } from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';
import type { WebPaasClient } from '../src/webpaas/index.js';

interface Me {
  nichandle: string;
}
const MeSchema = z.looseObject({ nichandle: z.string(), email: z.string().optional() });
const Ids = z.array(z.number()).transform((ids) => new Set(ids));

// Never called: it only has to typecheck (or not).
function types(ovh: OvhClient, paas: WebPaasClient): void {
  expectTypeOf(ovh.get('/me')).resolves.toBeUnknown();
  expectTypeOf(ovh.get<Me>('/me')).resolves.toEqualTypeOf<Me>();
  expectTypeOf(ovh.get('/me', { schema: MeSchema })).resolves.toEqualTypeOf<z.output<typeof MeSchema>>();
  expectTypeOf(ovh.get('/me/api/credential', { schema: Ids })).resolves.toEqualTypeOf<Set<number>>();
  expectTypeOf(ovh.get<Me>('/me', { schema: MeSchema })).resolves.toEqualTypeOf<Me>();
  // @ts-expect-error the schema's output has no numeric nichandle: the named type and the schema disagree
  void ovh.get<{ nichandle: number }>('/me', { schema: MeSchema });
  expectTypeOf(ovh.post<{ id: string }>('/v2/iam/policy', { name: 'p' })).resolves.toEqualTypeOf<{ id: string }>();
  expectTypeOf(ovh.put('/me/api/credential/1', { allowedIPs: null }, { schema: z.null() })).resolves.toBeNull();
  expectTypeOf(ovh.delete<void>('/me/api/credential/1')).resolves.toBeVoid();
  expectTypeOf(ovh.request<Me>('GET', '/me')).resolves.toEqualTypeOf<Me>();
  expectTypeOf(paas.get<Me[]>('/projects/p/variables')).resolves.toEqualTypeOf<Me[]>();
  expectTypeOf(paas.get('/projects/p/variables')).resolves.toBeUnknown();

  new OvhClient({ endpoint: 'ovh-ca' });
  new OvhClient({ endpoint: 'https://eu.api.ovh.com/1.0' });
  new OvhClient({ endpoint: 'http://127.0.0.1:8080/1.0' });
  // @ts-expect-error not an endpoint name (ovh-eu is), nor a URL
  new OvhClient({ endpoint: 'ovh-eur' });
  // @ts-expect-error a host is not a URL: give the scheme
  new OvhClient({ endpoint: 'eu.api.ovh.com' });
}
void types;

describe('raw calls and the endpoint option at runtime', () => {
  it('ovh.get<T>() resolves to what the API sent; with a schema, to its output', async () => {
    const sim = new OvhSimulator();
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {} });
    const me = await ovh.get<Me>('/me');
    expect(typeof me.nichandle).toBe('string');
    const ids = await ovh.get('/me/api/credential', { schema: Ids });
    expect(ids).toBeInstanceOf(Set);
    expect(await ovh.get<Me>('/me', { schema: MeSchema })).toEqual(me);
  });

  it('endpoint: a name or an http(s) URL as typed; anything else is a ConfigError', async () => {
    const sim = new OvhSimulator();
    const baseUrl = await sim.listen();
    try {
      const ovh = new OvhClient({ endpoint: baseUrl as `http://${string}`, ...sim.defaults, configFile: false, env: {} });
      expect(await ovh.get<Me>('/me')).toHaveProperty('nichandle');
    } finally {
      await sim.close();
    }
    for (const endpoint of ['ovh-eur', 'eu.api.ovh.com', 'ftp://eu.api.ovh.com/1.0']) {
      expect(() => new OvhClient({ endpoint: endpoint as never, applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} })).toThrow(
        /Unknown endpoint/,
      );
    }
  });
});
