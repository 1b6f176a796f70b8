// The vendored @noble/curves and @noble/hashes (web/vendor/noble-*) are the npm tarballs' files,
// changed only in their '@noble/hashes/X' import specifiers (made relative so that browsers load
// them without an import map): checked against web/vendor/noble.manifest.json, which records each
// tarball's npm integrity and each file's sha256 in the tarball. With PHIEUKIN_NPM_PACK=1 the test
// also runs `npm pack` for both versions (network) and checks the manifest against the registry.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'web/vendor/noble.manifest.json'), 'utf8'));
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The vendored text with the relative hashes paths turned back into '@noble/hashes/X'. */
function unvendored(dirOfFile, text) {
  const rel = relative(dirOfFile, join(root, 'web/vendor/noble-hashes'));
  return text.split(`from '${rel}/`).join("from '@noble/hashes/");
}

for (const [name, pkg] of Object.entries(manifest.packages)) {
  test(`${name}@${pkg.version}: every vendored file is the tarball's, changed only in its @noble/hashes import paths`, () => {
    const dir = join(root, pkg.directory);
    const present = filesUnder(dir).map((f) => relative(dir, f)).sort();
    assert.deepEqual(present, [...Object.keys(pkg.files), pkg.license.file].sort(), 'no file added or missing');
    assert.equal(sha256(readFileSync(join(dir, pkg.license.file))), pkg.license.sha256, 'LICENSE');
    for (const [file, hashes] of Object.entries(pkg.files)) {
      const bytes = readFileSync(join(dir, file));
      assert.equal(sha256(bytes), hashes.vendoredSha256, file);
      assert.equal(sha256(Buffer.from(unvendored(dirname(join(dir, file)), bytes.toString('utf8')), 'utf8')), hashes.tarballSha256,
        `${file}: differs from the tarball's by more than the import paths`);
      const bare = [...bytes.toString('utf8').matchAll(/^(?:import|export)\b[^;]*?from\s*['"]([^'"]+)['"]/gms)]
        .map((m) => m[1]).filter((s) => !s.startsWith('.'));
      assert.deepEqual(bare, [], `${file} still imports bare specifiers`);
    }
  });
}

test('the vendored curve loads as plain ES modules and is P-256', async () => {
  const { p256 } = await import('../vendor/noble-curves/nist.js');
  assert.equal(p256.Point.Fn.ORDER, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n);
  assert.equal(Buffer.from(p256.Point.BASE.toBytes(true)).toString('hex'),
    '036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296');
});

test('with PHIEUKIN_NPM_PACK=1: the manifest matches the npm registry\'s tarballs', { skip: process.env.PHIEUKIN_NPM_PACK !== '1' && 'set PHIEUKIN_NPM_PACK=1 to fetch the tarballs with npm pack' }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'noble-check-'));
  try {
    for (const [name, pkg] of Object.entries(manifest.packages)) {
      const out = JSON.parse(execFileSync('npm', ['pack', `${name}@${pkg.version}`, '--json'], { cwd: tmp }).toString())[0];
      assert.equal(out.integrity, pkg.integrity, `${name} integrity`);
      const tarball = join(tmp, out.filename);
      assert.equal(sha256(readFileSync(tarball)), pkg.tarballSha256);
      const x = join(tmp, name.replace('/', '_'));
      mkdirSync(x);
      execFileSync('tar', ['xzf', tarball, '-C', x]);
      for (const [file, hashes] of Object.entries(pkg.files)) {
        assert.equal(sha256(readFileSync(join(x, 'package', file))), hashes.tarballSha256, `${name} ${file}`);
      }
      assert.equal(sha256(readFileSync(join(x, 'package', 'LICENSE'))), pkg.license.sha256);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
