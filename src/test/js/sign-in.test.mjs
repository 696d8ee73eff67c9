// The page's sign-in module: settings, fetching a token with the user's cookies, when to renew.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignIn, SignInNeeded } from '../../main/webapp/js/sign-in.js';

const b64 = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');
const token = (claims) => `${b64({ alg: 'HS256' })}.${b64(claims)}.sig`;

function fakeFetch(answers) {
  const calls = [];
  const fetch = async (url, options) => {
    calls.push({ url, options });
    const [status, body] = answers[url] ?? [404, {}];
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return { fetch, calls };
}

test('the server says whether it wants tokens, and from where', async () => {
  const { fetch } = fakeFetch({ 'sign-in': [200, { auth: 'jwt', tokenUrl: '/token' }] });
  const signIn = new SignIn({ fetch });
  assert.equal(await signIn.discover(), 'jwt');
  assert.equal(signIn.tokenUrl, '/token');

  const open = new SignIn({ fetch: fakeFetch({ 'sign-in': [200, { auth: 'open' }] }).fetch });
  assert.equal(await open.discover(), 'open');
  const old = new SignIn({ fetch: fakeFetch({}).fetch });
  assert.equal(await old.discover(), 'open', 'a server without /sign-in is an open one');
});

test('a token is fetched with the user\'s cookies', async () => {
  const good = token({ sub: 'u-1', name: 'Ada' });
  const { fetch, calls } = fakeFetch({ 'sign-in': [200, { auth: 'jwt', tokenUrl: '/token' }], '/token': [200, { token: good }] });
  const signIn = new SignIn({ fetch });
  await signIn.discover();
  assert.equal(await signIn.token(), good);
  assert.equal(calls[1].options.credentials, 'include');
});

test('no token is a SignInNeeded, with the login page when the host application names one', async () => {
  const { fetch } = fakeFetch({ 'sign-in': [200, { auth: 'jwt', tokenUrl: '/token' }], '/token': [401, { login: '/login' }] });
  const signIn = new SignIn({ fetch });
  await signIn.discover();
  await assert.rejects(signIn.token(), (e) => e instanceof SignInNeeded && e.login === '/login');

  const broken = new SignIn({ fetch: async () => { throw new TypeError('network'); } });
  broken.tokenUrl = '/token';
  await assert.rejects(broken.token(), (e) => e instanceof SignInNeeded && e.login === null);
});
