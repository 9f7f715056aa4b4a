// /cloud/project/{serviceName}/ai/token: AI Training application tokens (bearer tokens for job URLs).
import { lazy } from '../core/lazy.js';
import type { Requester } from '../core/requester.js';
import type { CallOptions } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import type { AiToken, AiTokenCreate, AiTokenRole } from './ai-tokens.schemas.js';
import { resourcePath } from './params.js';

const schemas = lazy(() => import('./ai-tokens.schemas.js'));

const SHORTHANDS: Record<string, AiTokenRole> = { read: 'ai_training_read', operator: 'ai_training_operator' };

/** `/cloud/project/{serviceName}/ai/token`: AI Training app tokens. Tokens do not expire; renew rotates the secret. */
export class AiTokensResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(private readonly transport: Requester) {}

  /** Every token of a project (full objects). */
  async list(serviceName: string, options: CallOptions = {}): Promise<AiToken[]> {
    const path = tokenPath(serviceName);
    return this.transport.request('GET', path, { ...options, schema: (await schemas()).Tokens });
  }

  /**
   * Creates a token. A token without labelSelector sees every job of the project.
   * @example
   * const token = await ovh.aiTokens.create(projectId, { name: 'ci', role: 'operator', labelSelector: { model: 'base' } });
   * deploy(token.status.value?.reveal());
   */
  async create(serviceName: string, input: AiTokenCreate, options: CallOptions = {}): Promise<AiToken> {
    const path = tokenPath(serviceName);
    const s = await schemas();
    const spec = parseInput(s.AiTokenCreate, input, 'input');
    const body = {
      name: spec.name,
      region: spec.region,
      role: SHORTHANDS[spec.role] ?? spec.role,
      ...(spec.labelSelector ? { labelSelector: spec.labelSelector } : {}),
    };
    return this.transport.request('POST', path, { ...options, body, schema: s.AiToken });
  }

  /** One token. */
  async get(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<AiToken> {
    const path = tokenItemPath(serviceName, tokenId);
    return this.transport.request('GET', path, { ...options, schema: (await schemas()).AiToken });
  }

  /** Deletes a token: its secret stops working. */
  async delete(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<void> {
    const path = tokenItemPath(serviceName, tokenId);
    await this.transport.request('DELETE', path, { ...options, schema: (await schemas()).Nothing });
  }

  /** Issues a new secret for the token (same spec); the old secret stops working. */
  async renew(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<AiToken> {
    const path = renewPath(serviceName, tokenId);
    return this.transport.request('POST', path, { ...options, schema: (await schemas()).AiToken });
  }
}

function tokenPath(serviceName: string): string {
  return resourcePath('/cloud/project/{serviceName}/ai/token', { serviceName });
}

function tokenItemPath(serviceName: string, tokenId: string): string {
  return resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}', { serviceName, tokenId });
}

function renewPath(serviceName: string, tokenId: string): string {
  return resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}/renew', { serviceName, tokenId });
}
