import type { LeasedDelivery } from '@attio-auth/connection-store';

/**
 * Leased deliveries grouped by destination and workspace, each group in event order: a group is
 * sent one delivery after another (order per connection), the groups side by side. Workspace-less
 * events (incidents) form one group per destination. Pure.
 *
 * @example
 * ```ts
 * groupDeliveries(leased).map((g) => g.map((l) => l.event.seq)); // [[1, 3], [2]]
 * ```
 */
export function groupDeliveries(leased: readonly LeasedDelivery[]): LeasedDelivery[][] {
  const groups = new Map<string, LeasedDelivery[]>();
  for (const item of leased) {
    const key = `${item.delivery.destinationId}\u0000${item.delivery.workspaceId ?? ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.event.seq - b.event.seq));
}
