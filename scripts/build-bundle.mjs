// The published bundle: dockward and the pure-JavaScript packages it uses,
// in ES module chunks that each command loads as it needs them. Bundling the
// packages in spares Node resolving and translating some forty of them at
// every start (30 to 40 ms of a lint, measured with --cpu-prof). Packages with
// native code or optional native parts stay outside, loaded from
// node_modules. The licences of the packages bundled are written beside it.
import { build } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

/** Native addons, their optional parts, and an optional peer that prom-client loads only when it is installed. */
const OUTSIDE = ['better-sqlite3', 'ssh2', 'cpu-features', 'pg-native', '@opentelemetry/api'];

const { metafile } = await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: OUTSIDE,
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
  // The CommonJS packages bundled in call require() for Node's own modules, which an ES module does not have.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
chmodSync(join(outdir, 'main.js'), 0o755);

/** The folder of the package an input of the bundle came from, by its last node_modules. */
function packageFolder(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

const folders = [...new Set(Object.keys(metafile.inputs).map(packageFolder).filter(Boolean))].sort();
const notices = folders.map((folder) => {
  const { name, version, license } = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
  const file = readdirSync(join(root, folder)).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
  const text = file
    ? readFileSync(join(root, folder, file), 'utf8').trim()
    : `Licensed under ${license}; the package ships no licence file.`;
  return `${name} ${version} (${license})\n\n${text}\n`;
});
writeFileSync(
  join(outdir, 'THIRD-PARTY-NOTICES.txt'),
  `dockward's bundle includes these packages, under their own licences:\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`,
);
