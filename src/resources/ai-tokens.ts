// /cloud/project/{serviceName}/ai/token: AI Training application tokens (bearer tokens for job URLs).
import { z } from 'zod';
import type { CallOptions, Transport } from '../core/transport.js';
import { parseObject } from '../core/options.js';
import { AiToken, AiTokenCreate, type AiTokenRole } from './ai-tokens.schemas.js';
import { resourcePath } from './params.js';

const Tokens = z.array(AiToken);
const SHORTHANDS: Record<string, AiTokenRole> = { read: 'ai_training_read', operator: 'ai_training_operator' };

/** `/cloud/project/{serviceName}/ai/token`: AI Training app tokens. Tokens do not expire; renew rotates the secret. */
export class AiTokensResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(private readonly transport: Transport) {}

  /** Every token of a project (full objects). */
  async list(serviceName: string, options?: CallOptions): Promise<AiToken[]> {
    return this.transport.request('GET', tokenPath(serviceName), { schema: Tokens }, options);
  }

  /**
   * Creates a token. A token without labelSelector sees every job of the project.
   * @example
   * const token = await ovh.aiTokens.create(projectId, { name: 'ci', role: 'operator', labelSelector: { model: 'base' } });
   * deploy(token.status.value?.reveal());
   */
  async create(serviceName: string, input: AiTokenCreate, options?: CallOptions): Promise<AiToken> {
    const path = tokenPath(serviceName);
    const spec = parseObject(AiTokenCreate, input, 'input', 'aiTokens.create input');
    // A null or absent labelSelector is left out of the body (undefined is not sent).
    const body = { ...spec, role: SHORTHANDS[spec.role] ?? spec.role, labelSelector: spec.labelSelector ?? undefined };
    return this.transport.request('POST', path, { body, schema: AiToken }, options);
  }

  /** One token. */
  async get(serviceName: string, tokenId: string, options?: CallOptions): Promise<AiToken> {
    return this.transport.request('GET', tokenItemPath(serviceName, tokenId), { schema: AiToken }, options);
  }

  /** Deletes a token: its secret stops working. */
  async delete(serviceName: string, tokenId: string, options?: CallOptions): Promise<void> {
    await this.transport.request('DELETE', tokenItemPath(serviceName, tokenId), {}, options);
  }

  /** Issues a new secret for the token (same spec); the old secret stops working. */
  async renew(serviceName: string, tokenId: string, options?: CallOptions): Promise<AiToken> {
    return this.transport.request('POST', `${tokenItemPath(serviceName, tokenId)}/renew`, { schema: AiToken }, options);
  }
}

const tokenPath = (serviceName: string) => resourcePath('/cloud/project/{serviceName}/ai/token', { serviceName });

const tokenItemPath = (serviceName: string, tokenId: string) =>
  resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}', { serviceName, tokenId });
