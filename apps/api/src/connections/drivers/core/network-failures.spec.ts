import { describe, expect, it } from 'vitest';
import { networkFailure } from './network-failures';

const err = (fields: Record<string, unknown>, message = 'boom') =>
  Object.assign(new Error(message), fields);

describe('networkFailure', () => {
  it.each([
    ['ENOTFOUND', 'DNS_NOT_FOUND'],
    ['EAI_AGAIN', 'DNS_NOT_FOUND'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['EHOSTUNREACH', 'CONNECTION_REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
  ])('maps %s to %s', (code, expected) => {
    expect(networkFailure(err({ code }), 'db.example.com', 5433, 10_000)?.errorCode).toBe(expected);
  });

  it('names host and port in the refused hint', () => {
    expect(
      networkFailure(err({ code: 'ECONNREFUSED' }), 'db.example.com', 5433, 10_000)?.hint,
    ).toBe('Check the port: nothing listens on db.example.com:5433.');
  });

  it('leaves database errors to the driver', () => {
    expect(networkFailure(err({ code: '28P01' }), 'h', 1, 1)).toBeNull();
  });
});
