// Installs the packages of package-lock.json into ./node_modules without npm, for machines with
// Debian's nodejs but no npm client (Debian packages npm separately, and it conflicts with the
// NodeSource nodejs some machines have). Each tarball is fetched from the registry
// ($npm_config_registry, else registry.npmjs.org) and checked against the lock's sha512
// integrity before it is unpacked. Only for dependency-free packages such as playwright-core.
//
//   node fetch-deps.mjs        (in the directory holding package-lock.json)
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const registry = (process.env.npm_config_registry || 'https://registry.npmjs.org/').replace(/\/?$/, '/');
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
for (const [path, meta] of Object.entries(lock.packages || {})) {
  if (!path) continue;
  const name = path.replace(/^node_modules\//, '');
  if (meta.dependencies && Object.keys(meta.dependencies).length) {
    throw new Error(`${name} has dependencies: install with npm ci`);
  }
  const base = name.split('/').pop();
  const url = meta.resolved || `${registry}${name}/-/${base}-${meta.version}.tgz`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const tarball = Buffer.from(await res.arrayBuffer());
  const [algo, expected] = meta.integrity.split('-');
  const actual = createHash(algo).update(tarball).digest('base64');
  if (actual !== expected) throw new Error(`${url}: integrity mismatch (${algo})`);
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  writeFileSync(`${path}.tgz`, tarball);
  execFileSync('tar', ['-xzf', `${path}.tgz`, '-C', path, '--strip-components=1']);
  rmSync(`${path}.tgz`);
  console.log(`installed ${name}@${meta.version}`);
}
