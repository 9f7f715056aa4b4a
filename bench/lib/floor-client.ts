// The floor of figure 5: the smallest client a user of ky and zod would write for OVH's signed API, each used as its
// documentation shows. `ky.create` with a `beforeRequest` hook that signs every call with OVH's `$1$` SHA-1
// signature (the server's clock read once from /auth/time, as every OVH client does), and one zod schema that
// validates the answer through ky's `.json(schema)`. No retry policy of its own, no error mapping, no secret
// handling: what is left is what ky, zod and the platform fetch cost. bench/cold-instructions.ts bundles this file to
// plain JavaScript (ky and zod imported from node_modules) and counts a process that imports it and reads one
// credential; ovh-credentials is held to a multiple of that count.
import { createHash } from 'node:crypto';
import ky from 'ky';
import { z } from 'zod';

/** `GET /me/api/credential/{id}`'s answer, as its published description has it. */
export const Credential = z.object({
  credentialId: z.number().int(),
  applicationId: z.number().int(),
  creation: z.string(),
  expiration: z.string().nullable(),
  lastUse: z.string().nullable(),
  ovhSupport: z.boolean(),
  status: z.enum(['expired', 'pendingValidation', 'refused', 'validated']),
  rules: z.array(z.object({ method: z.enum(['DELETE', 'GET', 'POST', 'PUT']), path: z.string() })),
  allowedIPs: z.array(z.string()).nullable(),
});
export type Credential = z.infer<typeof Credential>;

/** What the floor client needs: the API's base URL (`https://eu.api.ovh.com/1.0`) and the three keys. */
export interface FloorClientOptions {
  baseUrl: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

/** A client of one method, `credential(id)`, signed and validated. */
export function floorClient({ baseUrl, applicationKey, applicationSecret, consumerKey }: FloorClientOptions) {
  let clockDelta: number | undefined;
  const api = ky.create({
    prefix: baseUrl,
    headers: { 'X-Ovh-Application': applicationKey, 'X-Ovh-Consumer': consumerKey },
    hooks: {
      beforeRequest: [
        async ({ request }) => {
          clockDelta ??= (await ky.get(`${baseUrl}/auth/time`).json(z.number())) - Math.round(Date.now() / 1000);
          const timestamp = String(Math.round(Date.now() / 1000) + clockDelta);
          const body = request.body === null ? '' : await request.clone().text();
          const toSign = [applicationSecret, consumerKey, request.method, request.url, body, timestamp].join('+');
          request.headers.set('X-Ovh-Timestamp', timestamp);
          request.headers.set('X-Ovh-Signature', `$1$${createHash('sha1').update(toSign).digest('hex')}`);
        },
      ],
    },
  });
  return {
    credential: (id: number): Promise<Credential> => api.get(`me/api/credential/${id}`).json(Credential),
  };
}
