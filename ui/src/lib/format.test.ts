import { describe, expect, it } from 'vitest';
import { clockTime, dayStart, portalTime } from './format';

describe('portal times', () => {
  it('shows a UTC instant in Hanoi time', () => {
    expect(portalTime('2020-12-02T03:16:00.000Z')).toBe('02/12/2020 10:16');
    expect(clockTime('2020-12-02T03:16:00.000Z')).toBe('10:16');
  });
  it('crosses midnight into the next local day', () => {
    expect(portalTime('2020-12-31T17:30:00Z')).toBe('01/01/2021 00:30');
  });
  it('is written in the English form in the English window', () => {
    expect(portalTime('2020-12-02T03:16:00.000Z', 'en')).toBe('2 Dec 2020, 10:16');
    expect(portalTime('2020-12-31T17:30:00Z', 'en')).toBe('1 Jan 2021, 00:30');
  });
});

describe('day filters', () => {
  it('start at midnight in Hanoi', () => {
    expect(dayStart('2020-12-02')).toBe('2020-12-01T17:00:00.000Z');
    expect(dayStart('2020-12-02', true)).toBe('2020-12-02T17:00:00.000Z');
    expect(dayStart('')).toBeNull();
  });
});
