import { describe, expect, it } from 'vitest';
import { decodeNotice, encodeNotice } from './form-notice';

describe('form notices', () => {
  it('carries a refusal’s message and field messages, never what was typed', () => {
    const value = encodeNotice({
      status: 'error',
      message: 'Email or password is incorrect.',
      fields: { email: 'Enter an email address.' },
      values: { email: 'someone@example.com', keepSignedIn: 'on' },
    });
    expect(decodeNotice(value)).toEqual({
      status: 'error',
      message: 'Email or password is incorrect.',
      fields: { email: 'Enter an email address.' },
    });
    expect(Buffer.from(value, 'base64url').toString('utf8')).not.toContain('someone@example.com');
  });

  it('bounds what it carries, and says something when the state had no message', () => {
    const notice = decodeNotice(
      encodeNotice({
        status: 'error',
        message: 'x'.repeat(5000),
        fields: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`, 'y'.repeat(1000)])),
      }),
    )!;
    expect(notice.message.length).toBeLessThanOrEqual(300);
    expect(Object.keys(notice.fields)).toHaveLength(20);
    expect(decodeNotice(encodeNotice({ status: 'error' }))?.message).toMatch(/try again/);
    expect(decodeNotice(encodeNotice({ status: 'ok', message: 'Your password is changed.' }))).toEqual({
      status: 'ok',
      message: 'Your password is changed.',
      fields: {},
    });
  });

  it('reads nothing from a cookie that is not a notice', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const value of [
      undefined,
      '',
      'not base64 json',
      encode({ status: 'error', message: 1, fields: {} }),
      encode({ status: 'error', message: 'x'.repeat(301), fields: {} }),
      encode({ status: 'error', message: 'ok', fields: { a: 2 } }),
      encode({ status: 'error', message: 'ok' }),
      encode({ status: 'shown', message: 'ok', fields: {} }),
      encode({ message: 'ok', fields: {} }),
    ]) {
      expect(decodeNotice(value), String(value)).toBeUndefined();
    }
  });
});
