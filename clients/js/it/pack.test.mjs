// What `npm pack` makes is what a user installs: its files, the README's ten lines run from it against a real Parley,
// and a TypeScript program compiled against its declarations (and a wrong one refused).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { url } from './support.mjs';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
let project;
let packed;

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'parley-client-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: packageDir });
  [packed] = JSON.parse(stdout);
  const lock = JSON.parse(await readFile(join(packageDir, 'package-lock.json'), 'utf8'));
  const version = (name) => lock.packages[`node_modules/${name}`].version; // the versions npm ci cached
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'try-parley', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(project, packed.filename),
    `ws@${version('ws')}`, `typescript@${version('typescript')}`], { cwd: project });
});

after(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

test('the package holds the modules, the declarations, the README and package.json, and no tests', () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const file of ['README.md', 'index.d.ts', 'package.json', 'src/client.js', 'src/index.js', 'src/protocol.js',
    'src/store.js', 'src/transport.js']) {
    assert.ok(files.includes(file), `${file} in ${files}`);
  }
  assert.deepEqual(files.filter((f) => !f.startsWith('src/') && !['README.md', 'index.d.ts', 'package.json'].includes(f)), []);
});

test("the README's ten lines chat from Node with the installed package", async () => {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Chat from Node in ten lines'));
  const [, code] = section.match(/```js\n([\s\S]*?)```/);
  assert.equal(code.trimEnd().split('\n').length, 10);
  await writeFile(join(project, 'chat.mjs'), code.replace('http://localhost:8080/', url));
  const { stdout } = await run('node', ['chat.mjs'], { cwd: project, timeout: 30_000 });
  assert.match(stdout, /^ada: Hello from Node$/m);
  assert.match(stdout, /^sent as #\d+$/m);
});

test('a program against the declarations compiles with tsc --strict, and a wrong one is refused', async () => {
  const tsc = join(project, 'node_modules', '.bin', 'tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
    '--lib', 'es2022,dom'];
  await copyFile(join(here, 'usage.ts'), join(project, 'usage.ts'));
  await copyFile(join(here, 'mistake.ts'), join(project, 'mistake.ts'));
  await run(tsc, [...flags, 'usage.ts'], { cwd: project });
  const refused = await run(tsc, [...flags, 'mistake.ts'], { cwd: project }).then(() => null, (e) => e.stdout);
  assert.ok(refused, 'tsc accepted mistake.ts');
  assert.match(refused, /mesage/);
  assert.match(refused, /body/);
});
