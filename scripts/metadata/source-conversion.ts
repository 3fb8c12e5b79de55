/**
 * Reads the package source with Salesforce's own resolver (`@salesforce/source-deploy-retrieve`,
 * the library behind `sf project convert source` and deploy) and converts it to Metadata API format.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, MetadataConverter, type SourceComponent } from '@salesforce/source-deploy-retrieve';

/** One component's metadata XML files in source format (decomposed children included). */
export interface SourceMetadataFiles {
  type: string;
  fullName: string;
  xmlFiles: string[];
}

/**
 * Resolves every component under `sourceDir` (honouring `.forceignore`) and lists its XML files:
 * an object's own file plus one file per field, list view, compact layout and so on.
 *
 * @example
 * resolveSourceMetadata('force-app').files.find((c) => c.fullName === 'Sequence__c')?.xmlFiles.length //=> 22
 */
export function resolveSourceMetadata(sourceDir: string): {
  components: ComponentSet;
  files: SourceMetadataFiles[];
} {
  const components = ComponentSet.fromSource(path.resolve(sourceDir));
  const files = components
    .getSourceComponents()
    .toArray()
    .map((component) => ({
      type: component.type.name,
      fullName: component.fullName,
      xmlFiles: xmlFilesOf(component)
    }));
  return { components, files };
}

function xmlFilesOf(component: SourceComponent): string[] {
  const own = component.xml ? [component.xml] : [];
  return [...own, ...component.getChildren().flatMap(xmlFilesOf)];
}

/** A metadata file written by the conversion, and the component it belongs to. */
export interface ConvertedFile {
  file: string;
  type: string;
  fullName: string;
}

/**
 * Converts the components to Metadata API format in `outputDir` (emptied first) and returns the
 * XML files written with their components (package.xml is written too but not returned).
 *
 * The conversion runs in a fresh OS temp directory and is then copied to `outputDir`: SDR's
 * writer silently skips every file whose path has a dot-directory (its built-in forceignore
 * default ignores dot-files and dot-directories), so converting straight into `.build/` writes nothing but package.xml.
 * (`sf project convert source --output-dir .build/x` has the same trap.)
 */
export async function convertToMetadataFormat(
  components: ComponentSet,
  outputDir: string
): Promise<ConvertedFile[]> {
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'stride-mdapi-'));
  try {
    const result = await new MetadataConverter().convert(components, 'metadata', {
      type: 'directory',
      outputDirectory: scratchDir,
      genUniqueDir: false
    });
    rmSync(outputDir, { recursive: true, force: true });
    cpSync(scratchDir, outputDir, { recursive: true });
    return (result.converted ?? []).flatMap((component) =>
      component.xml
        ? [
            {
              file: path.join(outputDir, path.relative(scratchDir, component.xml)),
              type: component.type.name,
              fullName: component.fullName
            }
          ]
        : []
    );
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
