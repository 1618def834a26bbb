import { describe, expect, it } from 'vitest';
import { liveStatus, type SaleSnapshot } from './sale-stream';

// What a product page shows of a sale at a moment: the clock decides the start, units left sold out, the
// server's word the end.

const fixed = { startsAt: '2026-12-06T12:00:00.000Z', endsAt: '2026-12-06T13:00:00.000Z' };
const start = Date.parse(fixed.startsAt);
const snapshot = (status: string, unitsLeft: number): SaleSnapshot => ({
  offsetMs: 0,
  sale: { ...fixed, status: status as 'live', items: [{ productId: 7, unitsLeft }] },
});

describe('liveStatus', () => {
  it('turns live at the start on the clock, before any event says so', () => {
    expect(liveStatus(fixed, snapshot('scheduled', 5), 7, start - 1).status).toBe('scheduled');
    expect(liveStatus(fixed, snapshot('scheduled', 5), 7, start)).toEqual({ status: 'live', unitsLeft: 5 });
    expect(liveStatus(fixed, { sale: null, offsetMs: 0 }, 7, start).status).toBe('live');
  });

  it('is sold out when no unit is left, ended at the end or when the server says so', () => {
    expect(liveStatus(fixed, snapshot('live', 0), 7, start + 1).status).toBe('sold_out');
    expect(liveStatus(fixed, snapshot('live', 3), 7, Date.parse(fixed.endsAt)).status).toBe('ended');
    expect(liveStatus(fixed, snapshot('ended', 3), 7, start + 1).status).toBe('ended');
  });
});
