// Bundles the domain core (src/core) into the non-exposed service component c/strideCore.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { writeIfChanged } from './components.mjs';

export const CORE_ENTRY = 'src/core/index.ts';
export const CORE_BUNDLE_DIR = 'force-app/main/default/lwc/strideCore';
/** The platform stores an LWC source file in a field of at most 131,072 characters. */
export const CORE_SIZE_LIMIT = 128 * 1024;

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <description>Stride domain core (generated from src/core by scripts/build.mjs): validation, templates and schedule previews shared with the companion.</description>
    <isExposed>false</isExposed>
    <masterLabel>Stride Core</masterLabel>
</LightningComponentBundle>
`;

/** Builds strideCore.js and its meta file; throws when the bundle is over the platform limit. */
export async function buildCore() {
  const result = await esbuild.build({
    entryPoints: [CORE_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // The core must stay pure: a platform import in it is a mistake, not something to bundle.
    external: []
  });
  const code = `// Generated from src/core by scripts/build.mjs. Do not edit.\n${result.outputFiles[0].text}`;
  const size = Buffer.byteLength(code, 'utf8');
  if (size > CORE_SIZE_LIMIT) {
    throw new Error(
      `${CORE_BUNDLE_DIR}/strideCore.js is ${size} bytes, over the ${CORE_SIZE_LIMIT}-byte LWC source limit. ` +
        'Trim src/core (large dependencies such as full phone metadata are the usual cause).'
    );
  }
  fs.mkdirSync(CORE_BUNDLE_DIR, { recursive: true });
  writeIfChanged(path.join(CORE_BUNDLE_DIR, 'strideCore.js'), code);
  writeIfChanged(path.join(CORE_BUNDLE_DIR, 'strideCore.js-meta.xml'), META);
  return { size, warnings: result.warnings.map((w) => w.text) };
}
