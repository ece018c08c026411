import { describe, expect, it } from '@jest/globals';

import { outboxViolations } from './outbox-crash.js';

const ok = (id: string, body = `{"id":"${id}"}`) => ({ id, body, verified: true });

describe('outboxViolations', () => {
  it('when every event arrived, duplicates included with the same body, then there is no violation', () => {
    expect(outboxViolations(['evt_1', 'evt_2'], [ok('evt_1'), ok('evt_2'), ok('evt_1')])).toEqual(
      [],
    );
  });

  it('when an event is missing, one is invented, a duplicate differs or a signature fails, then each is named', () => {
    expect(
      outboxViolations(
        ['evt_1', 'evt_2', 'evt_3'],
        [ok('evt_1'), ok('evt_9'), ok('evt_1', '{"other":1}'), { ...ok('evt_3'), verified: false }],
      ),
    ).toEqual([
      'evt_9 invented (never created)',
      'evt_1: a duplicate with another body',
      'evt_3: signature did not verify',
      'evt_2 never delivered',
    ]);
  });
});
