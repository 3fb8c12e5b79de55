/**
 * The metadata check behind `npm run validate:metadata`.
 *
 * 1. Resolve the source with Salesforce's resolver; a file it cannot place is an issue.
 * 2. Validate every source XML file (the object, each field, list view, layout, permission set …)
 *    directly against the Metadata API schema. Each source file's root element is itself a
 *    Metadata API type (CustomObject, CustomField, ListView …), so an issue points at the exact
 *    source file and line the author must fix, and element order is checked strictly, except in
 *    `.js-meta.xml` files, which the platform reads in any order (see ORDER_FREE_ROOT_TYPES).
 * 3. Convert the source to Metadata API format (what deploy sends) into `.build/` and validate the
 *    converted files that are not verbatim copies of a source file: the assembled objects and
 *    package.xml. Their root's children are first put into schema order (see assembled-order.ts:
 *    the API accepts the converter's grouping); their issues are reported at the converted file
 *    and line, naming the source file they were assembled from. Their issues are reported only
 *    when the source files are clean, since they would otherwise repeat the same mistakes.
 *
 * Source and converted files go through one xmllint run, so the 2 MB schema is compiled once.
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

  // Convert first so that source and converted files share one xmllint run (one schema compile).
  let assembled: AssembledDocument[] = [];
  let convertedFilesChecked = 0;
  let conversionError: unknown;
  try {
    const convertedDir = path.join(options.buildDir, 'mdapi');
    const convertedFiles = await convertToMetadataFormat(resolved.components, convertedDir);
    const packageXml = {
      file: path.join(convertedDir, 'package.xml'),
      type: 'Package',
      fullName: 'package.xml'
    };
    convertedFilesChecked = convertedFiles.length + 1;
    assembled = assembledDocuments(
      [...convertedFiles, packageXml],
      sourceDocuments,
      resolved.files,
      options.xsd
    );
  } catch (error) {
    conversionError = error;
  }

  const issues = await validatePrepared(
    [
      ...sourceDocuments.map((document) =>
        ORDER_FREE_ROOT_TYPES.has(rootTypeOf(document.contents))
          ? inSchemaOrder(document, options.xsd)
          : asWritten(document)
      ),
      ...assembled.map((document) => document.prepared)
    ],
    options.xsd
  );
  const sourcePaths = new Set(sourceDocuments.map((document) => document.path));
  const sourceIssues = issues.filter((issue) => sourcePaths.has(issue.file));
  const report = (found: MetadataIssue[]): ValidationReport => ({
    issues: found,
    sourceFilesChecked: sourceDocuments.length,
    convertedFilesChecked
  });
  // Assembled files repeat their sources' mistakes: report them only once the sources are clean.
  if (sourceIssues.length > 0) return report(sourceIssues);
  if (conversionError !== undefined)
    return report([resolverIssue(conversionError, options.sourceDir, display)]);
  return report(
    issues
      .filter((issue) => !sourcePaths.has(issue.file))
      .map((issue) => {
        const source = assembled.find((document) => document.prepared.path === issue.file)?.sourceFile;
        return {
          file: display(issue.file),
          line: issue.line,
          reason: `${issue.reason} (converted file, assembled from ${source ? display(source) : 'the source'})`
        };
      })
  );
}

/** A converted file that is not a verbatim copy of a source file, ready for the schema. */
interface AssembledDocument {
  prepared: PreparedDocument;
  /** The main source file of the component it was assembled from (e.g. the .object-meta.xml). */
  sourceFile?: string;
}

/**
 * The converted files that differ from every source file (assembled objects, package.xml), with
 * their root's children in schema order, since the API accepts the converter's grouping.
 */
function assembledDocuments(
  convertedFiles: ConvertedFile[],
  sourceDocuments: XmlDocument[],
  sourceComponents: SourceMetadataFiles[],
  xsd: string
): AssembledDocument[] {
  const sourceContents = new Set(sourceDocuments.map((document) => document.contents));
  const sourceFileOf = new Map(
    sourceComponents.map((component) => [`${component.type}:${component.fullName}`, component.xmlFiles[0]])
  );
  return convertedFiles
    .map((converted) => ({ converted, contents: readFileSync(converted.file, 'utf8') }))
    .filter(({ contents }) => !sourceContents.has(contents))
    .map(({ converted, contents }) => ({
      prepared: inSchemaOrder({ path: converted.file, contents }, xsd),
      sourceFile: sourceFileOf.get(`${converted.type}:${converted.fullName}`)
    }));
}

/**
 * Root types whose files the platform reads in any element order. `.js-meta.xml` files are read
 * by the component compiler, and Salesforce's own documentation writes `targets` before
 * `targetConfigs`, against the WSDL's alphabetical sequence.
 */
const ORDER_FREE_ROOT_TYPES = new Set(['LightningComponentBundle']);

/** A document ready for the schema, and how its lines map back to the file as written. */
interface PreparedDocument extends XmlDocument {
  originalLine: (line: number) => number;
}

function asWritten(document: XmlDocument): PreparedDocument {
  return { ...document, originalLine: (line) => line };
}

/** The document with its root's children in schema order (see assembled-order.ts). */
function inSchemaOrder(document: XmlDocument, xsd: string): PreparedDocument {
  const reordered = reorderRootChildren(document.contents, elementOrder(xsd, rootTypeOf(document.contents)));
  return { path: document.path, contents: reordered.xml, originalLine: reordered.originalLine };
}

/** Validates prepared documents and reports issues at the lines of the files as written. */
async function validatePrepared(documents: PreparedDocument[], xsd: string): Promise<MetadataIssue[]> {
  const byPath = new Map(documents.map((document) => [document.path, document]));
  const issues = await validateAgainstSchema(documents, xsd);
  return issues.map((issue) => ({
    ...issue,
    line: byPath.get(issue.file)?.originalLine(issue.line) ?? issue.line
  }));
}

/** The name of the root element, e.g. `CustomObject`. */
function rootTypeOf(xml: string): string {
  return /<([A-Za-z]\w*)[\s>/]/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1] ?? '';
}

/** Turns a resolver or converter failure (a file in the wrong folder, an unknown suffix) into an issue. */
function resolverIssue(error: unknown, sourceDir: string, display: (file: string) => string): MetadataIssue {
  const message = error instanceof Error ? error.message : String(error);
  const pathInMessage = /(\/[^\s:'"[\]]+)/.exec(message);
  return { file: pathInMessage ? display(pathInMessage[1]) : display(sourceDir), line: 1, reason: message };
}
