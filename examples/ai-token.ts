// An AI Training app token for CI: limited to the jobs labelled team=vision, renewed (rotated), then deleted.
// The token value prints as [redacted]; run with --reveal to print it (do that only where you store it).
import { z } from 'zod';
import { SIM_PROJECT_ID } from '../src/testing/index.js';
import { runIfMain, type Example } from './_harness.js';

export const main: Example = async ({ ovh, sim, log }) => {
  const reveal = process.argv.includes('--reveal');
  // Against the simulator, its seeded project; on OVH, OVH_CLOUD_PROJECT_SERVICE or the first project of the account.
  const projectId =
    (sim ? SIM_PROJECT_ID : process.env.OVH_CLOUD_PROJECT_SERVICE) ?? (await ovh.get('/cloud/project', { schema: z.array(z.string()) }))[0];
  if (!projectId) {
    log('No Public Cloud project found: set OVH_CLOUD_PROJECT_SERVICE.');
    return;
  }

  const existing = await ovh.aiTokens.list(projectId);
  log(`Project ${projectId} has ${existing.length} AI token(s): ${existing.map((t) => `${t.spec.name} (${t.spec.role})`).join(', ') || 'none'}`);

  // role: 'operator' is the CLI shorthand for ai_training_operator; region defaults to GRA.
  const token = await ovh.aiTokens.create(projectId, { name: 'ci-vision', role: 'operator', labelSelector: { team: 'vision' } });
  log('Created token', token.id, 'for', token.spec.labelSelector, 'in', token.spec.region, `(version ${token.status.version})`);
  log('Value:', reveal ? token.status.value?.reveal() : String(token.status.value), reveal ? '' : '(pass --reveal to print it)');

  try {
    // Rotate: same spec, new secret; the old one stops working.
    const renewed = await ovh.aiTokens.renew(projectId, token.id);
    log(
      `Renewed: version ${token.status.version} → ${renewed.status.version}; new value ${reveal ? renewed.status.value?.reveal() : String(renewed.status.value)}`,
    );
    log('Jobs call their URL with: Authorization: Bearer <value>');
  } finally {
    await ovh.aiTokens.delete(projectId, token.id);
    log('Deleted token', token.id);
  }
};

await runIfMain(import.meta, main);
