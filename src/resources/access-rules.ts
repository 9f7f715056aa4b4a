// Access rules for consumer keys: builders for the usual shapes, checked by the same rules a consumer-key request is.
import type { z } from 'zod';
import { optionKeys, parseInput, strictOptions } from '../core/options.js';
import { AccessRuleInput, AccessRuleMethod } from './access-rules.schemas.js';

/** Options of the rule builders. */
export interface RuleOptions {
  /** Also grant everything below the path (`path` and `path/*`; a trailing `*` or `/` is dropped first, as python-ovh does). */
  recursive?: boolean;
}
const RULE_OPTION_KEYS = optionKeys<RuleOptions>()(['recursive']);

/** A rule as the builders make it and a consumer-key request sends it: a known method and a path. */
export type AccessRuleGrant = z.output<typeof AccessRuleInput>;

function rules(methods: readonly AccessRuleMethod[], path: string, options: RuleOptions = {}): AccessRuleGrant[] {
  strictOptions(options, RULE_OPTION_KEYS, 'access rule options');
  for (const method of methods) parseInput(AccessRuleMethod, method, 'method');
  parseInput(AccessRuleInput.shape.path, path, 'path');
  // Recursive as python-ovh's add_recursive_rules: trailing "*" and "/" go, then the stem and everything below it.
  const stem = path.replace(/[*/]+$/, '');
  const base = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const paths = options.recursive ? (stem ? [stem, `${stem}/*`] : ['/*']) : [base];
  return paths.flatMap((p) => methods.map((method) => ({ method, path: p })));
}

/**
 * Builders for consumer-key access rules.
 * @example
 * accessRules.readOnly('/me')                               // [{ method: 'GET', path: '/me' }]
 * accessRules.readWrite('/domain', { recursive: true })     // GET/POST/PUT/PATCH/DELETE on /domain and /domain/*
 */
export const accessRules = {
  /** GET only. */
  readOnly: (path: string, options?: RuleOptions): AccessRuleGrant[] => rules(['GET'], path, options),
  /** Every method, PATCH included (unlike go-ovh's `ReadWrite` and python-ovh's `API_READ_WRITE`, older than PATCH). */
  readWrite: (path: string, options?: RuleOptions): AccessRuleGrant[] => rules(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], path, options),
  /** GET, POST, PUT and PATCH: everything but DELETE. */
  readWriteSafe: (path: string, options?: RuleOptions): AccessRuleGrant[] => rules(['GET', 'POST', 'PUT', 'PATCH'], path, options),
  /** Any chosen methods. */
  custom: (methods: readonly AccessRuleMethod[], path: string, options?: RuleOptions): AccessRuleGrant[] => rules(methods, path, options),
} as const;
