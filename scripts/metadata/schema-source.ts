/**
 * Which Metadata API schema validates the package: the Metadata WSDL when one is found (strict:
 * element order and required elements), else the schema generated from `@salesforce/types`
 * (names, value types and enumerations), so that a clone without the WSDL still checks its metadata.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { typesPackageToXsd } from './types-schema';
import {
  DEFAULT_WSDL_RELATIVE_PATH,
  resolveWsdlPath,
  WSDL_ENV_VARIABLE,
  WsdlNotFoundError,
  wsdlToXsd,
  type GeneratedSchema
} from './wsdl';

export interface MetadataSchema extends GeneratedSchema {
  /** `wsdl` checks element order too; `types` does not. */
  origin: 'wsdl' | 'types';
  /** Where the schema came from, for the command's output. */
  description: string;
}

/**
 * Loads the schema. A WSDL named with `--wsdl` or the environment variable must exist (throws
 * {@link WsdlNotFoundError}); only a missing default falls back to `@salesforce/types`.
 *
 * @example
 * loadMetadataSchema({ repoRoot: '/lone/clone', env: {} }).origin //=> 'types'
 */
export function loadMetadataSchema(options: {
  repoRoot: string;
  optionPath?: string;
  env?: NodeJS.ProcessEnv;
  displayRoot?: string;
}): MetadataSchema {
  try {
    const wsdlPath = resolveWsdlPath(options);
    const shown = path.relative(options.displayRoot ?? options.repoRoot, wsdlPath);
    return {
      ...wsdlToXsd(readFileSync(wsdlPath, 'utf8')),
      origin: 'wsdl',
      description: `${shown} (Metadata WSDL)`
    };
  } catch (error) {
    const named = options.optionPath !== undefined || options.env?.[WSDL_ENV_VARIABLE] !== undefined;
    if (!(error instanceof WsdlNotFoundError) || named) throw error;
    return {
      ...typesPackageToXsd(),
      origin: 'types',
      description:
        `@salesforce/types metadata.d.ts (no Metadata WSDL at ${DEFAULT_WSDL_RELATIVE_PATH}; ` +
        'element order and required elements unchecked)'
    };
  }
}
