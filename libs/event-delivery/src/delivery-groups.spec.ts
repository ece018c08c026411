import { describe, expect, it } from '@jest/globals';
import type { LeasedDelivery } from '@attio-auth/connection-store';

import { groupDeliveries } from './delivery-groups.js';

const leased = (seq: number, destinationId: string, workspaceId: string | null): LeasedDelivery =>
  ({
    delivery: { destinationId, workspaceId, eventSeq: seq, eventId: `evt_${seq}` },
    event: { seq, id: `evt_${seq}`, workspaceId },
  }) as unknown as LeasedDelivery;

describe('groupDeliveries', () => {
  it('when deliveries share a destination and workspace, then they form one group in event order', () => {
    const groups = groupDeliveries([
      leased(3, 'a', 'ws1'),
      leased(2, 'a', 'ws2'),
      leased(1, 'a', 'ws1'),
      leased(4, 'b', 'ws1'),
      leased(5, 'a', null),
      leased(6, 'a', null),
    ]);
    expect(groups.map((g) => g.map((l) => l.event.seq))).toEqual([[1, 3], [2], [4], [5, 6]]);
  });
});
