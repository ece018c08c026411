import { Writable } from 'node:stream';

import { createLogger } from '@attio-auth/oauth-callback';

import { describeLeaks, findSecretLeaks, scannerBlindSpots } from './find-leaks.js';

const TOKEN = 'access_tok_1f2e3d4c5b6a7988';
const CODE = 'code/with+special=chars';

function capturingLogger(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { logger: createLogger({ level: 'trace' }, sink), text: () => text };
}

describe('findSecretLeaks', () => {
  it('when a source holds a secret in clear or URL-encoded, text or bytes, then each occurrence is found by label', () => {
    const leaks = findSecretLeaks(
      [
        { name: 'stdout', content: `x ${TOKEN} y ${TOKEN}` },
        { name: 'access log', content: `GET /oauth/callback?code=${encodeURIComponent(CODE)}` },
        {
          name: 'sqlite file',
          content: Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(TOKEN)]),
        },
      ],
      [
        { label: 'token', value: TOKEN },
        { label: 'code', value: CODE },
      ],
    );
    expect(describeLeaks(leaks)).toEqual([
      'token in clear in stdout at byte 2',
      'token in clear in stdout at byte 32',
      'code URL-encoded in access log at byte 25',
      'token in clear in sqlite file at byte 3',
    ]);
  });

  it('when nothing contains a secret, then there is no leak', () => {
    expect(
      findSecretLeaks(
        [{ name: 'stdout', content: 'token=[redacted]' }],
        [{ label: 'token', value: TOKEN }],
      ),
    ).toEqual([]);
  });

  it('when a secret is too short to search for, then the scan says so rather than passing silently', () => {
    expect(
      scannerBlindSpots([
        { label: 'code', value: 'abc' },
        { label: 'token', value: TOKEN },
      ]),
    ).toEqual(['code is shorter than 8 characters: it cannot be searched for']);
  });
});

describe('the callback service logger under the scan', () => {
  it('when the token is logged under a redacted key, then the scan finds nothing', () => {
    const { logger, text } = capturingLogger();
    logger.info({ token: TOKEN, query: { code: CODE } }, 'exchanged');
    expect(
      findSecretLeaks(
        [{ name: 'log', content: text() }],
        [
          { label: 'token', value: TOKEN },
          { label: 'code', value: CODE },
        ],
      ),
    ).toEqual([]);
  });

  it('when a broken build logs the token under another key, then the scan reports the leak', () => {
    const { logger, text } = capturingLogger();
    logger.info({ exchangeResult: { access: TOKEN } }, `exchanged code ${CODE}`);
    expect(
      describeLeaks(
        findSecretLeaks(
          [{ name: 'log', content: text() }],
          [
            { label: 'token', value: TOKEN },
            { label: 'code', value: CODE },
          ],
        ),
      ).map((l) => l.replace(/ at byte \d+/, '')),
    ).toEqual(['token in clear in log', 'code in clear in log']);
  });
});
