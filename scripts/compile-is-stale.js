// Exits 0 when the jsii assembly (.jsii) is missing or older than a file under src/, 1 when it is current: the
// condition under which `test:bindings` bundles and compiles again before packaging.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const assembly = path.join(root, '.jsii');
const compiledAt = fs.existsSync(assembly) ? fs.statSync(assembly).mtimeMs : undefined;

function changedSince(dir, time) {
  return fs.readdirSync(dir, { withFileTypes: true }).some(entry => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? changedSince(file, time) : fs.statSync(file).mtimeMs > time;
  });
}

process.exit(compiledAt === undefined || changedSince(path.join(root, 'src'), compiledAt) ? 0 : 1);
