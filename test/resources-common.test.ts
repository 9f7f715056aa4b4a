import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputValidationError, toDate } from '../src/index.js';
import { IsoDateTime } from '../src/schemas.js';
import { resourcePath } from '../src/resources/params.js';

describe('IsoDateTime and toDate', () => {
  it.each([
    ['2020-03-28T08:07:14+01:00', '2020-03-28T07:07:14.000Z'],
    ['2023-03-21T15:40:05.213Z', '2023-03-21T15:40:05.213Z'],
    ['2023-03-21T15:40:05.123456789Z', '2023-03-21T15:40:05.123Z'],
    ['2023-03-21T15:40:05+0100', '2023-03-21T14:40:05.000Z'],
    ['2023-03-21T15:40:05-04:30', '2023-03-21T20:10:05.000Z'],
    ['2023-03-21T15:40:05+01', '2023-03-21T14:40:05.000Z'],
    ['2023-03-21T15:40Z', '2023-03-21T15:40:00.000Z'],
    ['2023-03-21T15:40:05,5Z', '2023-03-21T15:40:05.500Z'],
    ['2024-02-29T00:00:00z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
    ['2023-04-30T23:59:59Z', '2023-04-30T23:59:59.000Z'],
  ])('accepts %s (= %s)', (text, iso) => {
    expect(IsoDateTime.safeParse(text).success).toBe(true);
    expect(toDate(text).toISOString()).toBe(iso);
  });

  it.each([
    '2023-03-21T15:40:05',
    '2023-03-21 15:40:05Z',
    '2023-02-30T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2100-02-29T10:00:00Z',
    '2023-04-31T10:00:00Z',
    '2023-03-00T10:00:00Z',
    '2023-13-01T10:00:00Z',
    '2023-03-21T24:00:00Z',
    'yesterday',
    '',
    '2023-03-21T15:40:05+25:00',
  ])('refuses %j', (text) => {
    expect(IsoDateTime.safeParse(text).success).toBe(false);
  });

  it('toDate passes null and undefined through', () => {
    expect(toDate(null)).toBeNull();
    expect(toDate(undefined)).toBeUndefined();
  });

  it('agrees with Date for every v1- and v2-formatted instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offset) => {
          const v2 = date.toISOString();
          expect(toDate(v2).getTime()).toBe(date.getTime());
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const v1 = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(toDate(v1).getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});

describe('resourcePath: path parameters validated and encoded in one place', () => {
  it('fills each parameter, encoded as one segment', () => {
    expect(resourcePath('/me/api/credential/{credentialId}', { credentialId: 42 })).toBe('/me/api/credential/42');
    expect(resourcePath('/me/api/oauth2/client/{clientId}', { clientId: 'EU.a/b?c' })).toBe('/me/api/oauth2/client/EU.a%2Fb%3Fc');
    expect(
      resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}', {
        serviceName: 'ab'.repeat(16),
        tokenId: '2f0d4c7e-91b3-4c0e-8a55-6b1d2e3f4a5b',
      }),
    ).toBe(`/cloud/project/${'ab'.repeat(16)}/ai/token/2f0d4c7e-91b3-4c0e-8a55-6b1d2e3f4a5b`);
  });

  it('checks parameters in template order and names the bad one', () => {
    const error = (() => {
      try {
        resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}', { serviceName: 'nope', tokenId: 'nope' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ field: 'serviceName', message: expect.stringMatching(/^Invalid serviceName: .*Nothing was sent\.$/) });
  });

  it('never lets a value leave its segment', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (value) => {
        try {
          const path = resourcePath('/me/api/oauth2/client/{clientId}', { clientId: value });
          expect(path.split('/')).toHaveLength(6);
          expect(decodeURIComponent(path.split('/')[5]!)).toBe(value.trim());
        } catch (error) {
          expect(error).toBeInstanceOf(InputValidationError);
        }
      }),
    );
  });

  it('refuses an unknown placeholder (a programming error, not user input)', () => {
    expect(() => resourcePath('/x/{nope}' as string, {} as never)).toThrow(/unknown parameter \{nope\}/);
  });
});
