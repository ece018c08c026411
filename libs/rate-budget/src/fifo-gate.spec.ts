import { FifoGate } from './fifo-gate.js';

describe('FifoGate', () => {
  it('when more callers enter than there are permits, then they are admitted in arrival order as holders leave', async () => {
    const gate = new FifoGate(2);
    const order: string[] = [];
    await gate.enter();
    await gate.enter();
    const c = gate.enter().then(() => order.push('c'));
    const d = gate.enter().then(() => order.push('d'));
    expect(gate.idle).toBe(false);
    gate.leave();
    await c;
    gate.leave();
    await d;
    expect(order).toEqual(['c', 'd']);
    gate.leave();
    gate.leave();
    expect(gate.idle).toBe(true);
  });

  it('when a waiter aborts, then it rejects with the reason and the next waiter takes its place', async () => {
    const gate = new FifoGate(1);
    await gate.enter();
    const controller = new AbortController();
    const aborted = gate.enter(controller.signal);
    const next = gate.enter();
    controller.abort(new Error('gave up'));
    await expect(aborted).rejects.toThrow('gave up');
    gate.leave();
    await expect(next).resolves.toBeUndefined();
    gate.leave();
    expect(gate.idle).toBe(true);
  });
});
