// Builds the web client into one folder the server embeds (WebClient.targets):
//   index.html, app-<hash>.js, app-<hash>.css, each also as .gz and .br (compressed here once,
//   so the server never compresses per request).
// Usage: node build.mjs <output folder>. The folder is emptied first, so no stale asset is shipped.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = import.meta.dirname;
const out = resolve(process.argv[2] ?? join(here, 'dist'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: { app: join(here, 'src/main.jsx') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: out,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const assets = Object.keys(result.metafile.outputs).map(p => basename(p));
const script = assets.find(a => a.endsWith('.js'));
const style = assets.find(a => a.endsWith('.css'));
if (!script || !style) {
  throw new Error(`the bundle lacks a script or a style sheet: ${assets.join(', ')}`);
}

// The icon is copied under a name with its content's hash, like the bundle's files.
const icon = readFileSync(join(here, 'src/icon.svg'));
const iconName = `icon-${createHash('sha256').update(icon).digest('hex').slice(0, 8).toUpperCase()}.svg`;
writeFileSync(join(out, iconName), icon);

// The page names its assets by their hashed names; the server serves them under /assets/.
const page = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('%SCRIPT%', `/assets/${script}`)
  .replace('%STYLE%', `/assets/${style}`)
  .replace('%ICON%', `/assets/${iconName}`);
writeFileSync(join(out, 'index.html'), page);

for (const name of readdirSync(out)) {
  const bytes = readFileSync(join(out, name));
  writeFileSync(join(out, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(join(out, `${name}.br`), brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
}
