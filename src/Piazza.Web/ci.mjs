// `npm ci`, once per package-lock.json, safe when several builds start it at once (a parallel
// `dotnet build` or `dotnet test` of projects that all build the server): the first takes a
// lock (an atomic mkdir), installs, and records the lock file's hash in node_modules; the
// others wait for the lock and then find the install done.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const lockDir = join(here, 'node_modules.lock');
const doneFile = join(here, 'node_modules', '.piazza-installed');
const hash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');
const installed = () => existsSync(doneFile) && readFileSync(doneFile, 'utf8') === hash;

if (installed()) {
  process.exit(0);
}

const deadline = Date.now() + 10 * 60 * 1000;
for (;;) {
  try {
    mkdirSync(lockDir);
    break;
  } catch (e) {
    if (e.code !== 'EEXIST') {
      throw e;
    }
    // A lock older than 10 minutes was left by a build that died: take it over.
    if (Date.now() - statSync(lockDir).mtimeMs > 10 * 60 * 1000 || Date.now() > deadline) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

try {
  if (!installed()) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: here,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) {
      console.error(`npm ci failed (exit ${result.status ?? result.error?.message}) in ${here}`);
      process.exit(1);
    }
    writeFileSync(doneFile, hash);
  }
} finally {
  rmSync(lockDir, { recursive: true, force: true });
}
