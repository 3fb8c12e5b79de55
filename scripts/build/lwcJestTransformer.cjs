/**
 * Jest transformer for the lwc project: @lwc/jest-transformer, made to compile with the same LWC
 * version as the engine the tests run on.
 *
 * Why: @lwc/sfdc-lwc-compiler hoists @lwc/compiler 9.x to the top of node_modules, and
 * @lwc/jest-transformer resolves that copy, while sfdx-lwc-jest runs @lwc/engine-dom 8.28.2. Templates
 * compiled by 9.x on an 8.x engine log "current engine is v8.28.2, but template was compiled with
 * v9.5.1" and may behave differently from the platform. sfdx-lwc-jest ships the matching 8.28.2
 * compilers in its own node_modules; this wrapper points the transformer's requests at them.
 * (An npm `overrides` entry would do the same at install time.)
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const lwcJestDir = path.dirname(require.resolve('@salesforce/sfdx-lwc-jest/package.json'));
const transformerDir = path.resolve(path.dirname(require.resolve('@lwc/jest-transformer')), '..');
const pinned = ['@lwc/compiler', '@lwc/template-compiler'];

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveMatchingCompiler(request, parent, ...rest) {
  const fromTransformer = parent && parent.filename && parent.filename.startsWith(transformerDir);
  const pinnedName = pinned.find((name) => request === name || request.startsWith(`${name}/`));
  if (fromTransformer && pinnedName) {
    try {
      return originalResolve.call(
        this,
        request,
        { ...parent, paths: [path.join(lwcJestDir, 'node_modules')] },
        ...rest
      );
    } catch {
      // Fall through to the normal resolution when sfdx-lwc-jest has no nested copy.
    }
  }
  return originalResolve.call(this, request, parent, ...rest);
};

module.exports = require('@lwc/jest-transformer');
