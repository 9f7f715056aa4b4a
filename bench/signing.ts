// Figure 5: signatures per second. `signRequest` against the ceiling: node:crypto's SHA-1 over the same strings,
// already joined (createHash, as the official clients do, and the one-shot crypto.hash).
import { createHash, hash } from 'node:crypto';
import { signRequest, type SignatureInput } from '../src/core/signature.js';

/** Options of the signing benchmark. */
export interface SigningOptions {
  /** Signatures per run and per variant. Default 200 000. */
  n?: number;
  /** Runs. Default 5. */
  runs?: number;
}

export const SIGNING_VARIANTS = ['signRequest', "createHash('sha1') (ceiling)", "crypto.hash('sha1') one-shot"] as const;
export type SigningVariant = (typeof SIGNING_VARIANTS)[number];

/** Wall-clock ms of each run, per variant. */
export interface SigningResult {
  n: number;
  runs: number;
  variants: Record<SigningVariant, number[]>;
}

/** Runs figure 5 in this process (pure CPU, a few seconds). */
export function benchSigning(options: SigningOptions = {}): SigningResult {
  const n = options.n ?? 200_000;
  const runs = options.runs ?? 5;
  // 1 024 distinct requests, as a busy client would sign: ids and timestamps vary.
  const inputs: SignatureInput[] = Array.from({ length: 1024 }, (_, i) => ({
    applicationSecret: 'Zq8vJ2kLm4Np6Rs8Tu0Vw2Xy4Za6Bc8D',
    consumerKey: 'Fe1Gh3Ij5Kl7Mn9Op1Qr3St5Uv7Wx9Yz',
    method: i % 4 === 0 ? 'DELETE' : 'GET',
    url: `https://eu.api.ovh.com/1.0/me/api/credential/${100_000 + i}`,
    body: '',
    timestamp: 1_700_000_000 + i,
  }));
  const joined = inputs.map((x) => [x.applicationSecret, x.consumerKey, x.method, x.url, x.body, x.timestamp].join('+'));
  const mask = inputs.length - 1;
  let sink = 0;
  const variants: Record<SigningVariant, () => void> = {
    signRequest: () => {
      for (let i = 0; i < n; i++) sink += signRequest(inputs[i & mask] as SignatureInput).length;
    },
    "createHash('sha1') (ceiling)": () => {
      for (let i = 0; i < n; i++)
        sink += createHash('sha1')
          .update(joined[i & mask] as string, 'utf8')
          .digest('hex').length;
    },
    "crypto.hash('sha1') one-shot": () => {
      for (let i = 0; i < n; i++) sink += hash('sha1', joined[i & mask] as string, 'hex').length;
    },
  };
  // Check first that the variants compute the same thing.
  const probe = inputs[0] as SignatureInput;
  if (signRequest(probe) !== `$1$${hash('sha1', joined[0] as string, 'hex')}`)
    throw new Error('signRequest disagrees with SHA-1 over the joined string');
  for (const name of SIGNING_VARIANTS) variants[name]();
  const result = Object.fromEntries(SIGNING_VARIANTS.map((name) => [name, [] as number[]])) as SigningResult['variants'];
  for (let run = 0; run < runs; run++) {
    for (const name of SIGNING_VARIANTS) {
      const start = performance.now();
      variants[name]();
      result[name].push(performance.now() - start);
    }
  }
  if (sink === 0) throw new Error('unreachable');
  return { n, runs, variants: result };
}
