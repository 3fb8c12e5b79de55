/**
 * `npm run validate:metadata [-- --wsdl PATH] [--source-dir DIR]`
 *
 * Converts the package source to Metadata API format and validates every metadata file against
 * the Metadata API 66.0 schema (see scripts/metadata/validate-project.ts). The schema comes from the
 * Metadata WSDL when one is found (strict: element order and required elements too); without one it
 * is generated from `@salesforce/types` (names, value types and enumerations; see
 * scripts/metadata/types-schema.ts), so the check runs on any clone. The output says which was used.
 * Prints one `file:line: reason` line per issue and exits 1 when there is any, 2 when a WSDL named
 * with --wsdl or STRIDE_METADATA_WSDL is missing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadMetadataSchema } from './metadata/schema-source';
import { WsdlNotFoundError } from './metadata/wsdl';
import { formatIssue } from './metadata/schema-validation';
import { validateMetadataSource } from './metadata/validate-project';

const repoRoot = path.resolve(__dirname, '..');

async function main(): Promise<number> {
  const options = new Command()
    .name('validate-metadata')
    .description('Validate force-app against the Metadata API schema from the Metadata WSDL')
    .option(
      '--wsdl <path>',
      'Metadata API WSDL (default: $STRIDE_METADATA_WSDL, else ../shared/salesforce/metadata-66.0.wsdl, else the schema from @salesforce/types)'
    )
    .option('--source-dir <dir>', 'package source directory', 'force-app')
    .parse()
    .opts<{ wsdl?: string; sourceDir: string }>();

  const startedAt = Date.now();
  let schema;
  try {
    schema = loadMetadataSchema({
      repoRoot,
      optionPath: options.wsdl,
      env: process.env,
      displayRoot: process.cwd()
    });
  } catch (error) {
    if (!(error instanceof WsdlNotFoundError)) throw error;
    console.error(error.message);
    return 2;
  }
  const { xsd, rootTypes, description } = schema;

  const buildDir = path.join(repoRoot, '.build', 'metadata-validation');
  mkdirSync(buildDir, { recursive: true });
  // Kept for inspection (e.g. with the system xmllint); .build/ is git-ignored, never commit it.
  writeFileSync(path.join(buildDir, 'metadata.xsd'), xsd);

  const report = await validateMetadataSource({
    sourceDir: path.resolve(repoRoot, options.sourceDir),
    buildDir,
    xsd,
    displayRoot: process.cwd()
  });
  for (const issue of report.issues) console.error(formatIssue(issue));
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const summary =
    `${report.sourceFilesChecked} source files and ${report.convertedFilesChecked} converted files checked ` +
    `against ${description}, ${rootTypes.length} metadata types, in ${seconds} s`;
  if (report.issues.length > 0) {
    console.error(`${report.issues.length} metadata issue(s); ${summary}`);
    return 1;
  }
  console.log(`Metadata valid: ${summary}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  }
);
