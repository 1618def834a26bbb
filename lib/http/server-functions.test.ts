import { describe, expect, it } from 'vitest';
import { callsCacheFunction, isCacheFunctionId } from './server-functions';

// Ids as `next build` makes them: a server action's first byte has its high bit clear, a 'use cache'
// function's set.
const ACTION = '7f847abc891ba48ccaf9f63505d6dd922c0bb94c68';
const NO_ARGS_ACTION = '003b1fa414effbb0fa2059a6c7a6c119697cb3999c';
const CACHE_FUNCTION = 'c0393ec1f8fb499772879248c9264fe01fb256f071';
const NO_ARGS_CACHE_FUNCTION = '80203878a1ce6e7b7f0b32fa5152bb9def96815eb2';

const post = (headers: Record<string, string>, body?: BodyInit) =>
  new Request('http://shop.example/', { method: 'POST', headers, body });

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe('isCacheFunctionId', () => {
  it('tells a use-cache function from a server action by its first byte', () => {
    expect(isCacheFunctionId(CACHE_FUNCTION)).toBe(true);
    expect(isCacheFunctionId(NO_ARGS_CACHE_FUNCTION)).toBe(true);
    expect(isCacheFunctionId(ACTION)).toBe(false);
    expect(isCacheFunctionId(NO_ARGS_ACTION)).toBe(false);
    expect(isCacheFunctionId('c0')).toBe(false);
  });
});

describe('callsCacheFunction', () => {
  it('reads the Next-Action header of a call from JavaScript', async () => {
    expect(await callsCacheFunction(post({ 'next-action': CACHE_FUNCTION }, '[8]'))).toBe(true);
    expect(await callsCacheFunction(post({ 'next-action': ACTION }, '[]'))).toBe(false);
  });

  it('reads the fields of a form posted without JavaScript', async () => {
    const unbound = form({ [`$ACTION_ID_${CACHE_FUNCTION}`]: '' });
    expect(await callsCacheFunction(post({}, unbound))).toBe(true);
    const bound = form({
      $ACTION_REF_1: '',
      '$ACTION_1:0': JSON.stringify({ id: CACHE_FUNCTION, bound: '$@1' }),
      '$ACTION_1:1': '[100000]',
    });
    expect(await callsCacheFunction(post({}, bound))).toBe(true);
    const urlEncoded = new URLSearchParams({ [`$ACTION_ID_${NO_ARGS_CACHE_FUNCTION}`]: '' });
    expect(await callsCacheFunction(post({}, urlEncoded))).toBe(true);
  });

  it('lets real actions and other posts through, and leaves the body for Next.js', async () => {
    const login = form({ [`$ACTION_ID_${ACTION}`]: '', email: 'a@example.com' });
    const request = post({}, login);
    expect(await callsCacheFunction(request)).toBe(false);
    expect((await request.formData()).get('email')).toBe('a@example.com');
    expect(await callsCacheFunction(post({ 'content-type': 'application/json' }, '{}'))).toBe(false);
    expect(await callsCacheFunction(post({ 'content-type': 'multipart/form-data' }, 'junk'))).toBe(false);
  });
});
