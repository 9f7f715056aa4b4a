// X-Ovh-Timestamp is floored, as python-ovh (int(time.time())) and go-ovh (time.Now().Unix()) do: a local clock at
// .5 s or later must not send the server's next second.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers/clock.js';
import { makeClient, setupMockApi } from './helpers/msw.js';

const mock = setupMockApi();
const SERVER = 1_700_000_000;

describe('request timestamps are whole seconds, floored', () => {
  it('synced at x.0, calls at x.5 and x.9 carry the server second x, signed with it', async () => {
    mock.on('GET', '/auth/time', () => HttpResponse.json(SERVER), { verify: false });
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const now = manualClock(SERVER * 1000);
    const ovh = makeClient({ now });
    expect(await ovh.timeDelta()).toBe(0);
    for (const ms of [500, 900]) {
      now.set(SERVER * 1000 + ms);
      await ovh.get('/me');
    }
    const sent = mock.to('/1.0/me');
    expect(sent.map((r) => r.headers['x-ovh-timestamp'])).toEqual([String(SERVER), String(SERVER)]);
    expect(sent.every((r) => r.signatureValid)).toBe(true);
  });

  it('synced at x.5 with the server at x: the delta is 0 and the next call, at x.5, says x', async () => {
    mock.on('GET', '/auth/time', () => HttpResponse.json(SERVER), { verify: false });
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = makeClient({ now: () => SERVER * 1000 + 500 });
    await ovh.get('/me');
    expect(mock.to('/1.0/me')[0]?.headers['x-ovh-timestamp']).toBe(String(SERVER));
    expect(await ovh.timeDelta()).toBe(0);
  });
});
