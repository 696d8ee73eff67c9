// index.d.ts is written by hand: every value the package exports is declared there, and it declares no value the
// package lacks. (it/types.test.mjs compiles a program against it with tsc.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as parley from '../src/index.js';

const declarations = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');

test('index.d.ts declares exactly the values src/index.js exports', () => {
  const declared = [...declarations.matchAll(/^export (?:declare )?(?:const|function|class) (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual([...new Set(declared)].sort(), Object.keys(parley).sort());
});

test('package.json points at the module and the declarations', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './src/index.js' });
  assert.ok(pkg.files.includes('src/') && pkg.files.includes('index.d.ts'));
});
