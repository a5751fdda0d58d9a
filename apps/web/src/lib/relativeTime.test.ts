import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime';

describe('relativeTime', () => {
  const now = Date.parse('2026-02-10T12:00:00.000Z');
  it.each([
    ['2026-02-10T11:59:30.000Z', 'just now'],
    ['2026-02-10T11:55:00.000Z', '5 minutes ago'],
    ['2026-02-10T09:00:00.000Z', '3 hours ago'],
    ['2026-02-09T12:00:00.000Z', 'yesterday'],
    ['2025-12-10T12:00:00.000Z', '2 months ago'],
  ])('says %s is %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});
