#!/usr/bin/env node
/**
 * Makes better-sqlite3 load on the Node that runs the project's scripts.
 *
 * The project pins Node 22 as a devDependency (current Salesforce tooling needs it), so `npm run …`
 * executes on that Node while `npm install` itself may run on an older system Node. better-sqlite3 is a
 * native addon: when its first build targeted another ABI, rebuild it against the headers that ship with
 * the pinned Node package. No download is involved: the headers come from the npm registry package.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function betterSqliteLoads() {
  try {
    execFileSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
      cwd: root,
      stdio: 'ignore'
    });
    return true;
  } catch {
    return false;
  }
}

function pinnedNodeHeaders() {
  const nodePackage = path.join(root, 'node_modules', 'node');
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const headers = path.join(nodePackage, 'node_modules', platformPackage);
  if (!fs.existsSync(path.join(headers, 'include', 'node', 'node.h')) && fs.existsSync(nodePackage)) {
    // A later `npm install <pkg>` prunes the nested platform package; its own installer restores it.
    execFileSync(process.execPath, ['installArchSpecificPackage'], { cwd: nodePackage, stdio: 'inherit' });
  }
  return fs.existsSync(path.join(headers, 'include', 'node', 'node.h')) ? headers : undefined;
}

function betterSqliteInstalled() {
  try {
    require.resolve('better-sqlite3', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

// An install without devDependencies (`npm ci --omit=dev`, the companion alone) has no local org to build for.
if (!betterSqliteInstalled() || betterSqliteLoads()) process.exit(0);
const headers = pinnedNodeHeaders();
console.log(
  `postinstall: rebuilding better-sqlite3 for Node ${process.version}${headers ? ` with headers from ${headers}` : ''}`
);
execFileSync('npm', ['rebuild', 'better-sqlite3', ...(headers ? [`--nodedir=${headers}`] : [])], {
  cwd: root,
  stdio: 'inherit'
});
if (!betterSqliteLoads()) {
  console.error(`postinstall: better-sqlite3 still does not load on Node ${process.version}`);
  process.exit(1);
}
