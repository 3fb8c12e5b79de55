/**
 * `npm run validate:metadata [-- --wsdl PATH] [--source-dir DIR]`
 *
 * Converts the package source to Metadata API format and validates every metadata file against
 * the Metadata API 66.0 schema taken from the WSDL (see scripts/metadata/validate-project.ts).
 * Prints one `file:line: reason` line per issue and exits 1 when there is any, 2 when the WSDL is
 * missing (with instructions to get it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { resolveWsdlPath, WsdlNotFoundError, wsdlToXsd } from './metadata/wsdl';
import { formatIssue } from './metadata/schema-validation';
import { validateMetadataSource } from './metadata/validate-project';

const repoRoot = path.resolve(__dirname, '..');

async function main(): Promise<number> {
  const options = new Command()
    .name('validate-metadata')
    .description('Validate force-app against the Metadata API schema from the Metadata WSDL')
    .option(
      '--wsdl <path>',
      'Metadata API WSDL (default: $STRIDE_METADATA_WSDL or ../shared/salesforce/metadata-66.0.wsdl)'
    )
    .option('--source-dir <dir>', 'package source directory', 'force-app')
    .parse()
    .opts<{ wsdl?: string; sourceDir: string }>();

  const startedAt = Date.now();
  let wsdlPath: string;
  try {
    wsdlPath = resolveWsdlPath({ repoRoot, optionPath: options.wsdl, env: process.env });
  } catch (error) {
    if (error instanceof WsdlNotFoundError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  const buildDir = path.join(repoRoot, '.build', 'metadata-validation');
  mkdirSync(buildDir, { recursive: true });
  const { xsd, rootTypes } = wsdlToXsd(readFileSync(wsdlPath, 'utf8'));
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
    `against ${path.relative(process.cwd(), wsdlPath)} (${rootTypes.length} metadata types) in ${seconds} s`;
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
