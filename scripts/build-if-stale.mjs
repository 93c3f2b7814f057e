#!/usr/bin/env node
// Builds dist/ only when a source is newer than the last build, so that `npm start` on a built
// tree goes straight to the service (tsc alone takes seconds to load, even to find nothing to do).
// The check is `tsc -b`'s own, cheaply: the newest mtime under src/ and of the tsconfig files
// against the build info tsc -b writes last. When anything is newer, `tsc -b` builds (incrementally).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_INFO = join(root, 'dist', 'tsconfig.build.tsbuildinfo');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function builtAt() {
  try {
    return statSync(BUILD_INFO).mtimeMs;
  } catch {
    return -Infinity;
  }
}

const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')));
if (sources > builtAt()) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
