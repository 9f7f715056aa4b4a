// `npm run check:schemas`: compares our zod schemas with the vendored digests of the APIs' published descriptions
// (schemas/published/) and exits 1 with a readable report when they differ. Offline by default.
//   --refresh      re-download the descriptions (URLs in scripts/schemas/refresh.ts), rewrite the digests, check
//   --dir <path>   read the digests from another folder (the planted-drift test uses this)
//   --notes        also list the accepted deviations
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ovhBindings, ovhV2Bindings, webpaasBindings } from './schemas/bindings.js';
import { checkDrift, formatReport, type Binding, type Digest, type DriftReport } from './schemas/drift.js';
import { digestFromOpenApi, digestFromOvh, SOURCES, type OpenApiDescription, type OvhDescription } from './schemas/refresh.js';

const args = process.argv.slice(2);
const dirIndex = args.indexOf('--dir');
const dir = dirIndex >= 0 ? (args[dirIndex + 1] ?? '') : join(import.meta.dirname, '..', 'schemas', 'published');
const digests: Array<{ file: 'ovh-v1' | 'ovh-v2' | 'webpaas'; bindings: readonly Binding[] }> = [
  { file: 'ovh-v1', bindings: ovhBindings },
  { file: 'ovh-v2', bindings: ovhV2Bindings },
  { file: 'webpaas', bindings: webpaasBindings },
];

async function download(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

let failed = false;
for (const { file, bindings } of digests) {
  const path = join(dir, `${file}.json`);
  let digest = JSON.parse(readFileSync(path, 'utf8')) as Digest;
  if (args.includes('--refresh')) {
    try {
      const fetched = await Promise.all(SOURCES[file].map(download));
      digest =
        file === 'ovh-v1'
          ? digestFromOvh(digest, fetched as OvhDescription[])
          : digestFromOpenApi(digest, fetched[0] as OpenApiDescription, file === 'ovh-v2');
      digest.source = { ...digest.source, retrieved: new Date().toISOString().slice(0, 10) };
      writeFileSync(path, `${JSON.stringify(digest, null, 2)}\n`);
      console.log(`Refreshed ${path} from ${SOURCES[file].join(', ')}`);
    } catch (error) {
      console.error(`Could not refresh ${file} (${(error as Error).message}); checking the vendored copy.`);
      failed = true;
    }
  }
  const report: DriftReport = checkDrift(digest, bindings);
  const text = formatReport(args.includes('--notes') ? report : { ...report, notes: [] }, [`${file}.json (${digest.source.name})`]);
  console.log(text);
  if (report.failures.length) failed = true;
}
process.exitCode = failed ? 1 : 0;
