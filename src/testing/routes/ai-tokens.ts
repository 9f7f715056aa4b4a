/**
 * `/cloud/project/{serviceName}/ai/token` (v1): AI Training app tokens of a Public Cloud project. Lists return
 * full tokens; the secret (`status.value`) comes with create and renew answers only (UNCONFIRMED for reads).
 */
import { z } from 'zod';
import { badRequest, objectNotFound, serviceNotFound } from '../errors.js';
import { emptyResponse, errorResponse, jsonResponse } from '../http.js';
import type { RouteContext, SimRoute } from '../route.js';
import { addAiToken, AI_REGIONS, AI_TOKEN_ROLES, aiTokenView, randomString, type AiTokenRole, type SimAiToken, type SimProject } from '../state.js';
import { parseJsonBody, type BodyResult } from './body.js';

const TokenSpec = z.object({
  name: z.string({ error: 'name is required' }).refine((v) => v.trim() !== '', 'name cannot be empty'),
  region: z.string({ error: 'region is required' }),
  role: z.enum(AI_TOKEN_ROLES as [AiTokenRole, ...AiTokenRole[]], { error: `role must be one of ${AI_TOKEN_ROLES.join(', ')}` }),
  // A plain string in OVH's description (cloud.project.ai.token.TokenSpec.labelSelector): no pattern to enforce.
  labelSelector: z.string().nullable().optional(),
});

function findProject({ params, runtime }: RouteContext): BodyResult<SimProject> {
  const project = runtime.state.projects.get(params['serviceName'] ?? '');
  return project === undefined ? { ok: false, response: errorResponse(serviceNotFound()) } : { ok: true, value: project };
}

function findToken(context: RouteContext): BodyResult<SimAiToken> {
  const project = findProject(context);
  if (!project.ok) return project;
  const id = context.params['tokenId'] ?? '';
  const token = context.runtime.state.aiTokens.get(id);
  if (token === undefined || token.serviceName !== project.value.serviceName) {
    return { ok: false, response: errorResponse(objectNotFound('id', id)) };
  }
  return { ok: true, value: token };
}

/** The AI token routes. */
export const aiTokenRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/cloud/project/{serviceName}/ai/token',
    auth: 'signed',
    handle: (context) => {
      const project = findProject(context);
      if (!project.ok) return project.response;
      const tokens = [...context.runtime.state.aiTokens.values()].filter((t) => t.serviceName === project.value.serviceName);
      return jsonResponse(tokens.map((t) => aiTokenView(t, false)));
    },
  },
  {
    api: 'v1',
    method: 'POST',
    path: '/cloud/project/{serviceName}/ai/token',
    auth: 'signed',
    handle: (context) => {
      const project = findProject(context);
      if (!project.ok) return project.response;
      const parsed = parseJsonBody(context.body, TokenSpec);
      if (!parsed.ok) return parsed.response;
      const spec = parsed.value;
      if (!AI_REGIONS.includes(spec.region)) {
        return errorResponse(badRequest(`Region ${spec.region} is not available for AI Training (available: ${AI_REGIONS.join(', ')})`));
      }
      const token = addAiToken(context.runtime.state, {
        serviceName: project.value.serviceName,
        name: spec.name,
        role: spec.role,
        region: spec.region,
        labelSelector: spec.labelSelector ?? null,
        now: context.runtime.now(),
      });
      return jsonResponse(aiTokenView(token, true));
    },
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/cloud/project/{serviceName}/ai/token/{tokenId}',
    auth: 'signed',
    handle: (context) => {
      const found = findToken(context);
      return found.ok ? jsonResponse(aiTokenView(found.value, false)) : found.response;
    },
  },
  {
    api: 'v1',
    method: 'DELETE',
    path: '/cloud/project/{serviceName}/ai/token/{tokenId}',
    auth: 'signed',
    handle: (context) => {
      const found = findToken(context);
      if (!found.ok) return found.response;
      context.runtime.state.aiTokens.delete(found.value.id);
      return emptyResponse();
    },
  },
  {
    api: 'v1',
    method: 'POST',
    path: '/cloud/project/{serviceName}/ai/token/{tokenId}/renew',
    auth: 'signed',
    handle: (context) => {
      const found = findToken(context);
      if (!found.ok) return found.response;
      const token = found.value;
      token.value = randomString(64);
      token.version += 1;
      token.updatedAt = context.runtime.now();
      return jsonResponse(aiTokenView(token, true));
    },
  },
];
