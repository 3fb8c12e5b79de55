/**
 * The metadata check behind `npm run validate:metadata`.
 *
 * 1. Resolve the source with Salesforce's resolver; a file it cannot place is an issue.
 * 2. Validate every source XML file (objects, each field, list view, layout, permission set …)
 *    directly against the Metadata API schema. Each source file's root element is itself a
 *    Metadata API type (CustomObject, CustomField, ListView …), so issues point at the exact
 *    source file and line the author must fix.
 * 3. Convert the source to Metadata API format (as deploy does) and validate the converted files
 *    too. This catches what only the assembled form shows (e.g. how decomposed children are put
 *    back together). Converted files that are verbatim copies of a source file map back to it
 *    line for line; an issue in an assembled file is reported at the converted file, naming the
 *    source folder it came from, and only when its source files were clean (no duplicate noise).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  convertToMetadataFormat,
  resolveSourceMetadata,
  type ConvertedFile,
  type SourceMetadataFiles
} from './source-conversion';
import { validateAgainstSchema, type MetadataIssue, type XmlDocument } from './schema-validation';

export interface ValidationOptions {
  /** Package source directory, e.g. `force-app`. */
  sourceDir: string;
  /** Scratch directory for the converted files (git-ignored), e.g. `.build/metadata-validation`. */
  buildDir: string;
  /** The XSD generated from the Metadata API WSDL. */
  xsd: string;
  /** Paths in issues are made relative to this directory. */
  displayRoot: string;
}

export interface ValidationReport {
  issues: MetadataIssue[];
  sourceFilesChecked: number;
  convertedFilesChecked: number;
}

/**
 * Runs the whole check and returns every issue found (none means the source is valid).
 *
 * @example
 * const report = await validateMetadataSource({ sourceDir: 'force-app', buildDir: '.build/mv', xsd, displayRoot: '.' });
 * report.issues //=> []
 */
export async function validateMetadataSource(options: ValidationOptions): Promise<ValidationReport> {
  const display = (file: string): string => path.relative(options.displayRoot, file) || file;

  let resolved: ReturnType<typeof resolveSourceMetadata>;
  try {
    resolved = resolveSourceMetadata(options.sourceDir);
  } catch (error) {
    return { issues: [resolverIssue(error, options.sourceDir, display)], sourceFilesChecked: 0, convertedFilesChecked: 0 };
  }

  const sourceDocuments: XmlDocument[] = resolved.files
    .flatMap((component) => component.xmlFiles)
    .map((file) => ({ path: display(file), contents: readFileSync(file, 'utf8') }));
  const sourceIssues = await validateAgainstSchema(sourceDocuments, options.xsd);

  const convertedDir = path.join(options.buildDir, 'mdapi');
  const convertedFiles = await convertToMetadataFormat(resolved.components, convertedDir);
  // Assembled files repeat their sources' mistakes; check them once the sources are clean.
  const convertedIssues = sourceIssues.length > 0 ? [] : await validateConverted(convertedFiles, sourceDocuments, resolved.files, display, options.xsd);

  return {
    issues: [...sourceIssues, ...convertedIssues],
    sourceFilesChecked: sourceDocuments.length,
    convertedFilesChecked: convertedFiles.length
  };
}

/**
 * Validates the converted files that differ from every source file (assembled objects, mostly)
 * and names, in each issue, the source file of the component the converted file came from.
 */
async function validateConverted(
  convertedFiles: ConvertedFile[],
  sourceDocuments: XmlDocument[],
  sourceComponents: SourceMetadataFiles[],
  display: (file: string) => string,
  xsd: string
): Promise<MetadataIssue[]> {
  const sourceContents = new Set(sourceDocuments.map((document) => document.contents));
  const sourceFileOf = new Map(
    sourceComponents.map((component) => [`${component.type}:${component.fullName}`, component.xmlFiles[0]])
  );
  const assembled = convertedFiles
    .map((converted) => ({ converted, contents: readFileSync(converted.file, 'utf8') }))
    .filter(({ contents }) => !sourceContents.has(contents));
  const issues = await validateAgainstSchema(
    assembled.map(({ converted, contents }) => ({ path: converted.file, contents })),
    xsd
  );
  return issues.map((issue) => {
    const converted = assembled.find(({ converted }) => converted.file === issue.file)?.converted;
    const source = converted && sourceFileOf.get(`${converted.type}:${converted.fullName}`);
    return {
      file: display(issue.file),
      line: issue.line,
      reason: `${issue.reason} (in the converted file assembled from ${source ? display(source) : 'the source'} and its children)`
    };
  });
}

/** Turns a resolver failure (a file in the wrong folder, an unknown suffix) into an issue. */
function resolverIssue(error: unknown, sourceDir: string, display: (f: string) => string): MetadataIssue {
  const message = error instanceof Error ? error.message : String(error);
  const pathInMessage = /(\/[^\s:'"]+)/.exec(message);
  return { file: pathInMessage ? display(pathInMessage[1]) : display(sourceDir), line: 1, reason: message };
}
