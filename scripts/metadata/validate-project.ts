/**
 * The metadata check behind `npm run validate:metadata`.
 *
 * 1. Resolve the source with Salesforce's resolver; a file it cannot place is an issue.
 * 2. Validate every source XML file (the object, each field, list view, layout, permission set …)
 *    directly against the Metadata API schema. Each source file's root element is itself a
 *    Metadata API type (CustomObject, CustomField, ListView …), so an issue points at the exact
 *    source file and line the author must fix, and element order is checked strictly.
 * 3. Convert the source to Metadata API format (what deploy sends) into `.build/` and validate the
 *    converted files that are not verbatim copies of a source file: the assembled objects and
 *    package.xml. Their root's children are first put into schema order (see assembled-order.ts:
 *    the API accepts the converter's grouping); their issues are reported at the converted file
 *    and line, naming the source file they were assembled from. They are checked only when the
 *    source files are clean, since they would otherwise repeat the same mistakes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reorderRootChildren } from './assembled-order';
import { validateAgainstSchema, type MetadataIssue, type XmlDocument } from './schema-validation';
import {
  convertToMetadataFormat,
  resolveSourceMetadata,
  type ConvertedFile,
  type SourceMetadataFiles
} from './source-conversion';
import { elementOrder } from './wsdl';

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
    return {
      issues: [resolverIssue(error, options.sourceDir, display)],
      sourceFilesChecked: 0,
      convertedFilesChecked: 0
    };
  }

  const sourceDocuments: XmlDocument[] = resolved.files
    .flatMap((component) => component.xmlFiles)
    .map((file) => ({ path: display(file), contents: readFileSync(file, 'utf8') }));
  const sourceIssues = await validateAgainstSchema(sourceDocuments, options.xsd);
  if (sourceIssues.length > 0) {
    return { issues: sourceIssues, sourceFilesChecked: sourceDocuments.length, convertedFilesChecked: 0 };
  }

  const convertedDir = path.join(options.buildDir, 'mdapi');
  const convertedFiles = await convertToMetadataFormat(resolved.components, convertedDir);
  const packageXml = {
    file: path.join(convertedDir, 'package.xml'),
    type: 'Package',
    fullName: 'package.xml'
  };
  const convertedIssues = await validateAssembled(
    [...convertedFiles, packageXml],
    sourceDocuments,
    resolved.files,
    display,
    options.xsd
  );
  return {
    issues: convertedIssues,
    sourceFilesChecked: sourceDocuments.length,
    convertedFilesChecked: convertedFiles.length + 1
  };
}

/**
 * Validates the converted files that differ from every source file and reports each issue at the
 * converted file's own line, naming the source file of the component it was assembled from.
 */
async function validateAssembled(
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
    .filter(({ contents }) => !sourceContents.has(contents))
    .map(({ converted, contents }) => {
      const rootName = /<([A-Za-z]\w*)[\s>]/.exec(contents.replace(/<\?[\s\S]*?\?>/, ''))?.[1] ?? '';
      return { converted, ...reorderRootChildren(contents, elementOrder(xsd, rootName)) };
    });
  const issues = await validateAgainstSchema(
    assembled.map(({ converted, xml }) => ({ path: converted.file, contents: xml })),
    xsd
  );
  return issues.map((issue) => {
    const document = assembled.find(({ converted }) => converted.file === issue.file);
    const source = document && sourceFileOf.get(`${document.converted.type}:${document.converted.fullName}`);
    return {
      file: display(issue.file),
      line: document ? document.originalLine(issue.line) : issue.line,
      reason: `${issue.reason} (converted file, assembled from ${source ? display(source) : 'the source'})`
    };
  });
}

/** Turns a resolver failure (a file in the wrong folder, an unknown suffix) into an issue. */
function resolverIssue(error: unknown, sourceDir: string, display: (file: string) => string): MetadataIssue {
  const message = error instanceof Error ? error.message : String(error);
  const pathInMessage = /(\/[^\s:'"[\]]+)/.exec(message);
  return { file: pathInMessage ? display(pathInMessage[1]) : display(sourceDir), line: 1, reason: message };
}
