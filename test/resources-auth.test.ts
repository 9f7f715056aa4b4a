import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { OvhAbortError, accessRules, AuthenticationError, InputValidationError, OvhClient, Secret, OvhTimeoutError } from '../src/index.js';
import { settle, useFakeTime } from './helpers/clock.js';
import {
  API,
  credentialBody,
  expectNoLeak,
  expectSigned,
  KEYS,
  mockClient,
  mockOvh,
  ovhError,
  simCalls,
  simClient,
} from './helpers/resource-mocks.js';

const mock = mockOvh();

describe('accessRules builders', () => {
  it('readOnly / readWrite / readWriteSafe give the right methods', () => {
    expect(accessRules.readOnly('/me')).toEqual([{ method: 'GET', path: '/me' }]);
    // PATCH is in auth.HTTPMethodEnum: read-write means every write (go-ovh's and python-ovh's presets predate it).
    expect(accessRules.readWrite('/me').map((r) => r.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    expect(accessRules.readWriteSafe('/me').map((r) => r.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH']);
    expect(accessRules.custom(['PATCH'], '/me')).toEqual([{ method: 'PATCH', path: '/me' }]);
    expect(accessRules.readWriteSafe('/domain', { recursive: true }).some((r) => r.method === 'DELETE')).toBe(false);
    expect(accessRules.custom(['DELETE'], '/me/api/credential/*')).toEqual([{ method: 'DELETE', path: '/me/api/credential/*' }]);
  });

  it('{ recursive: true } grants the path and everything below it', () => {
    expect(accessRules.readOnly('/domain', { recursive: true })).toEqual([
      { method: 'GET', path: '/domain' },
      { method: 'GET', path: '/domain/*' },
    ]);
    expect(accessRules.readOnly('/domain/', { recursive: true }).map((r) => r.path)).toEqual(['/domain', '/domain/*']);
    expect(accessRules.readOnly('/', { recursive: true })).toEqual([{ method: 'GET', path: '/*' }]);
  });

  it.each([
    ['no leading slash', () => accessRules.readOnly('me'), 'path'],
    ['empty', () => accessRules.readOnly(''), 'path'],
    ['a query string', () => accessRules.readOnly('/me?x=1'), 'path'],
    ['a space', () => accessRules.readOnly('/me bill'), 'path'],
    ['an unknown method', () => accessRules.custom(['HEAD' as never], '/me'), 'method'],
    ['a lower-case method', () => accessRules.custom(['get' as never], '/me'), 'method'],
  ])('refuses %s', (_name, build, field) => {
    expect(build).toThrow(InputValidationError);
    try {
      build();
    } catch (error) {
      expect((error as InputValidationError).field).toBe(field);
    }
  });
});

describe('auth against the simulator', () => {
  it('time() is the server clock, sent unsigned', async () => {
    const { sim, ovh, clock } = simClient({ skewSeconds: 120 });
    const time = await ovh.auth.time();
    expect(time).toBe(clock() / 1000 + 120);
    const sent = sim.requests.at(-1);
    expect(sent?.headers['x-ovh-application']).toBe(sim.defaults.applicationKey);
    expect(sent?.headers['x-ovh-signature']).toBeUndefined();
  });

  it('requestConsumerKey → validate → waitForValidation → the key works within its rules', async () => {
    useFakeTime(); // before the client exists: it reads the clock it was created with
    const { sim, ovh } = simClient();
    const pending = await ovh.auth.requestConsumerKey({
      accessRules: [...accessRules.readOnly('/me'), ...accessRules.readWriteSafe('/me/api/credential', { recursive: true })],
      redirection: 'https://example.com/done',
    });
    expect(pending.state).toBe('pendingValidation');
    expect(pending.validationUrl).toMatch(/^https:\/\/eu\.api\.ovh\.com\/auth\/\?credentialToken=/);
    expect(pending.consumerKey).toBeInstanceOf(Secret);
    // (the validation URL carries a one-time token the suite's audit treats as secret: leave it out of the dump)
    expectNoLeak({ ...pending, validationUrl: '…' }, pending.consumerKey.reveal());

    const scoped = ovh.withConsumerKey(pending.consumerKey);
    const started = Date.now();
    setTimeout(() => sim.validateConsumerKey(pending.validationUrl!), 40);
    const credential = await settle(scoped.auth.waitForValidation({ pollInterval: 10, waitTimeout: 2_000 }));
    expect(credential.status).toBe('validated');
    // Seen at the first poll after the owner's click, 40 ms in.
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(Date.now() - started).toBeLessThanOrEqual(40 + 10);
    expect(credential.rules).toHaveLength(9);
    expect(simCalls(sim).filter((c) => c === 'GET /auth/currentCredential').length).toBeGreaterThan(1);

    await expect(scoped.credentials.list()).resolves.toEqual(expect.any(Array));
    await expect(scoped.credentials.delete(credential.credentialId)).rejects.toMatchObject({ name: 'ForbiddenError', errorCode: 'NOT_GRANTED_CALL' });
  });

  it('currentCredential(), details(), logout()', async () => {
    const { sim, ovh } = simClient();
    const { consumerKey, credentialId } = sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] });
    const scoped = ovh.withConsumerKey(consumerKey);
    expect(await scoped.auth.currentCredential()).toMatchObject({ credentialId, status: 'validated', rules: [{ method: 'GET', path: '/me' }] });
    expect(await scoped.auth.details()).toEqual({
      account: 'xx1111-ovh',
      allowedRoutes: [{ method: 'GET', path: '/me' }],
      description: null,
      identities: ['urn:v1:eu:identity:account:xx1111-ovh'],
      method: 'account',
      roles: null,
      user: null,
    });
    await scoped.auth.logout();
    expect(sim.state.credentials.has(credentialId)).toBe(false);
    await expect(scoped.get('/me')).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('waitForValidation: a refused key is an AuthenticationError, not an endless wait', async () => {
    useFakeTime(); // before the client exists: it reads the clock it was created with
    const { sim, ovh } = simClient();
    const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
    setTimeout(() => sim.refuseConsumerKey(pending.consumerKey.reveal()), 30);
    const started = Date.now();
    const error = await settle(ovh.withConsumerKey(pending.consumerKey).auth.waitForValidation({ pollInterval: 10, waitTimeout: 5_000 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).errorCode).toBe('INVALID_CREDENTIAL');
    // Given up at the first poll after the refusal (30 ms in), not at waitTimeout.
    expect(Date.now() - started).toBeLessThanOrEqual(30 + 10);
  });

  it('waitForValidation: a key refused before the first poll fails at that poll, not after waitTimeout', async () => {
    useFakeTime();
    const { sim, ovh } = simClient();
    const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
    sim.refuseConsumerKey(pending.consumerKey.reveal());
    sim.clearRequests();
    const started = Date.now();
    const error = await settle(ovh.withConsumerKey(pending.consumerKey).auth.waitForValidation({ pollInterval: 10, waitTimeout: 300_000 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ errorCode: 'INVALID_CREDENTIAL', path: '/auth/currentCredential' });
    expect((error as Error).message).toMatch(/refused or has expired: request a new one/);
    expect(Date.now() - started).toBe(0);
    expect(sim.requests.filter((r) => r.url.endsWith('/auth/currentCredential'))).toHaveLength(1);
  });

  it('waitForValidation: onPoll is told of each poll that keeps waiting', async () => {
    useFakeTime();
    const { sim, ovh } = simClient();
    const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
    const seen: unknown[] = [];
    setTimeout(() => sim.validateConsumerKey(pending.consumerKey.reveal()), 25);
    const credential = await settle(
      ovh.withConsumerKey(pending.consumerKey).auth.waitForValidation({ pollInterval: 10, onPoll: (progress) => seen.push(progress) }),
    );
    expect(credential.status).toBe('validated');
    expect(seen).toEqual([
      { polls: 1, elapsed: 0, status: 'pendingValidation' },
      { polls: 2, elapsed: 10, status: 'pendingValidation' },
      { polls: 3, elapsed: 20, status: 'pendingValidation' },
    ]);
    await expect(ovh.auth.waitForValidation({ onPoll: 'yes' as never })).rejects.toMatchObject({ field: 'onPoll' });
  });

  it('waitForValidation: an expired key answers like a pending one (403 "not valid"): the timeout says so', async () => {
    useFakeTime();
    const { sim, ovh } = simClient();
    const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
    sim.expireCredential(pending.consumerKey.reveal());
    const error = await settle(ovh.withConsumerKey(pending.consumerKey).auth.waitForValidation({ pollInterval: 10, waitTimeout: 50 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect((error as Error).message).toMatch(/OVH still answered 403 \[INVALID_CREDENTIAL\] "This credential is not valid"/);
  });

  it('waitForValidation: OvhTimeoutError after waitTimeout, OvhAbortError on abort', async () => {
    useFakeTime(); // before the client exists: it reads the clock it was created with
    const { ovh } = simClient();
    const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
    const scoped = ovh.withConsumerKey(pending.consumerKey);
    let started = Date.now();
    await expect(settle(scoped.auth.waitForValidation({ pollInterval: 20, waitTimeout: 60 }))).rejects.toBeInstanceOf(OvhTimeoutError);
    expect(Date.now() - started).toBeLessThanOrEqual(60); // never waits past waitTimeout
    const controller = new AbortController();
    started = Date.now();
    setTimeout(() => controller.abort(), 30);
    await expect(settle(scoped.auth.waitForValidation({ pollInterval: 1_000, signal: controller.signal }))).rejects.toBeInstanceOf(OvhAbortError);
    expect(Date.now() - started).toBe(30); // the abort ends the wait at once, not at the next poll
  });
});

describe('auth over msw (exact requests)', () => {
  it('requestConsumerKey() → POST /auth/credential with the application key only', async () => {
    mock.on('POST', '/auth/credential', () =>
      HttpResponse.json({
        validationUrl: 'https://eu.api.ovh.com/auth/?credentialToken=abc',
        consumerKey: 'CKnewSecretValue0987654',
        state: 'pendingValidation',
      }),
    );
    const ovh = mockClient({ consumerKey: undefined as never });
    const pending = await ovh.auth.requestConsumerKey({
      accessRules: [{ method: 'GET', path: '/me', extra: 'dropped' } as never, ...accessRules.readWrite('/domain/*')],
      redirection: null,
      allowedIPs: ['192.0.2.0/24'],
    });
    const sent = mock.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe(`${API}/auth/credential`);
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      accessRules: [
        { method: 'GET', path: '/me' },
        { method: 'GET', path: '/domain/*' },
        { method: 'POST', path: '/domain/*' },
        { method: 'PUT', path: '/domain/*' },
        { method: 'PATCH', path: '/domain/*' },
        { method: 'DELETE', path: '/domain/*' },
      ],
      redirection: null,
      allowedIPs: ['192.0.2.0/24'],
    });
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['x-ovh-application']).toBe(KEYS.applicationKey);
    expect(sent?.headers['x-ovh-consumer']).toBeUndefined();
    expect(sent?.headers['x-ovh-signature']).toBeUndefined();
    expect(pending.state).toBe('pendingValidation');
    expect(pending.consumerKey.reveal()).toBe('CKnewSecretValue0987654');
    expectNoLeak(pending, 'CKnewSecretValue0987654');
  });

  it('time() → GET /auth/time with the application key only', async () => {
    mock.on('GET', '/auth/time', () => HttpResponse.json(1_700_000_000));
    expect(await mockClient().auth.time()).toBe(1_700_000_000);
    expect(mock.requests).toHaveLength(1);
    const sent = mock.requests[0]!;
    expect({ method: sent.method, url: sent.url, body: sent.body }).toEqual({ method: 'GET', url: `${API}/auth/time`, body: '' });
    expect(sent.headers['x-ovh-application']).toBe(KEYS.applicationKey);
    expect(sent.headers['x-ovh-consumer']).toBeUndefined();
    expect(sent.headers['x-ovh-signature']).toBeUndefined();
  });

  it('currentCredential(), details(), logout() are signed calls to /auth/*', async () => {
    mock.on('GET', '/auth/currentCredential', () => HttpResponse.json(credentialBody('validated')));
    mock.on('GET', '/auth/details', () =>
      HttpResponse.json({
        account: 'ab1-ovh',
        allowedRoutes: null,
        description: null,
        identities: [],
        method: 'account',
        roles: null,
        user: null,
        newField: 1,
      }),
    );
    mock.on('POST', '/auth/logout', () => HttpResponse.json(null));
    const ovh = mockClient();
    expect(await ovh.auth.currentCredential()).toEqual(credentialBody('validated'));
    expect(await ovh.auth.details()).toMatchObject({ account: 'ab1-ovh', newField: 1 });
    await expect(ovh.auth.logout()).resolves.toBeUndefined();
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/auth/currentCredential` });
    expectSigned(mock.requests[1], { method: 'GET', url: `${API}/auth/details` });
    expectSigned(mock.requests[2], { method: 'POST', url: `${API}/auth/logout` });
  });

  it('waitForValidation: NOT_CREDENTIAL at the first poll is a refusal (one request, no waiting)', async () => {
    mock.on('GET', '/auth/currentCredential', () => ovhError(403, 'This credential does not exist', { errorCode: 'NOT_CREDENTIAL' }));
    await expect(mockClient().auth.waitForValidation({ pollInterval: 5, waitTimeout: 60_000 })).rejects.toMatchObject({
      name: 'AuthenticationError',
      errorCode: 'NOT_CREDENTIAL',
      apiMessage: 'This credential does not exist',
    });
    expect(mock.requests).toHaveLength(1);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/auth/currentCredential` });
  });
});

describe('auth input validation (nothing is sent)', () => {
  const ovh = mockClient();
  it.each([
    ['no rules', { accessRules: [] }, 'request.accessRules'],
    ['bad method', { accessRules: [{ method: 'HEAD', path: '/me' }] }, 'request.accessRules.0.method'],
    ['relative path', { accessRules: [{ method: 'GET', path: 'me' }] }, 'request.accessRules.0.path'],
    ['path with a query', { accessRules: [{ method: 'GET', path: '/me?x' }] }, 'request.accessRules.0.path'],
    ['redirection not a string', { accessRules: accessRules.readOnly('/me'), redirection: 42 }, 'request.redirection'],
    ['bad CIDR', { accessRules: accessRules.readOnly('/me'), allowedIPs: ['300.0.0.0/8'] }, 'request.allowedIPs.0'],
  ])('requestConsumerKey with %s → InputValidationError', async (_name, request, field) => {
    const error = await ovh.auth.requestConsumerKey(request as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect(mock.attempted).toEqual([]);
  });

  it('sends what the API schema allows: PATCH rules, allowedIPs null, a redirection that is any string', async () => {
    mock.on('POST', '/auth/credential', () =>
      HttpResponse.json({
        validationUrl: 'https://eu.api.ovh.com/auth/?credentialToken=abc',
        consumerKey: 'CKpatchSecretValue12345',
        state: 'pendingValidation',
      }),
    );
    const client = mockClient({ consumerKey: undefined as never });
    for (const redirection of ['com.example.app:/done', 'not a url']) {
      await client.auth.requestConsumerKey({ accessRules: [{ method: 'PATCH', path: '/me/*' }], allowedIPs: null, redirection });
    }
    expect(mock.requests.map((r) => JSON.parse(r.body))).toEqual([
      { accessRules: [{ method: 'PATCH', path: '/me/*' }], allowedIPs: null, redirection: 'com.example.app:/done' },
      { accessRules: [{ method: 'PATCH', path: '/me/*' }], allowedIPs: null, redirection: 'not a url' },
    ]);
  });

  it('waitForValidation refuses a bad interval or waitTimeout', async () => {
    await expect(ovh.auth.waitForValidation({ pollInterval: 0 })).rejects.toMatchObject({ field: 'pollInterval' });
    await expect(ovh.auth.waitForValidation({ waitTimeout: Number.NaN })).rejects.toMatchObject({ field: 'waitTimeout' });
    expect(mock.attempted).toEqual([]);
  });

  it('a client without a consumer key can still request one', async () => {
    const bare = new OvhClient({
      endpoint: 'ovh-eu',
      applicationKey: KEYS.applicationKey,
      applicationSecret: KEYS.applicationSecret,
      configFile: false,
      env: {},
    });
    mock.on('POST', '/auth/credential', () =>
      HttpResponse.json({ validationUrl: 'https://x.test/v', consumerKey: 'CKabcdefgh12345', state: 'pendingValidation' }),
    );
    await expect(bare.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') })).resolves.toMatchObject({ state: 'pendingValidation' });
  });
});
