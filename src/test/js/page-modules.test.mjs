// The page is put together by the WAR: its own modules (src/main/webapp/js) and the client library's
// (clients/js/src), both served from js/. Every module a page module imports is in exactly one of the two folders,
// so the page and @parley/client share one copy of the protocol logic, and the page uses the client itself.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const page = new URL('../../main/webapp/js/', import.meta.url);
const library = new URL('../../../clients/js/src/', import.meta.url);

test('every module the page imports is in the page or the client library, never in both', () => {
  const pageModules = readdirSync(page).filter((f) => f.endsWith('.js'));
  const seen = new Set();
  for (const module of pageModules) {
    const source = readFileSync(new URL(module, page), 'utf8');
    for (const [, imported] of source.matchAll(/^import [^;]*? from '\.\/([\w-]+\.js)';$/gm)) {
      seen.add(imported);
      const places = [page, library].filter((folder) => existsSync(new URL(imported, folder)));
      assert.equal(places.length, 1, `${module} imports ${imported}: found in ${places.length} of the two folders`);
    }
  }
  // The page talks to the server through the library's ParleyClient only: no transport or room store of its own.
  for (const shared of ['client.js', 'protocol.js']) {
    assert.ok(seen.has(shared), `the page imports ${shared}`);
    assert.ok(existsSync(new URL(shared, library)), `${shared} in clients/js/src`);
  }
  for (const inner of ['transport.js', 'store.js', 'room.js']) assert.ok(!seen.has(inner), `the page leaves ${inner} to the client`);
});
