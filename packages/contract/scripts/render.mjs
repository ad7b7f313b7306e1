// Renders every generated file from the YAML. Shared by the generate script and the drift test, so
// both compare exactly the same bytes.
import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const HEADER =
  '// Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit by hand:\n' +
  '// change the YAML and run `pnpm generate`.\n\n';

export async function renderGenerated(root) {
  const yamlPath = `${root}/openapi/openapi.yaml`;
  const source = await readFile(yamlPath, 'utf8');
  const document = parse(source, { uniqueKeys: true });
  // openapi-typescript mutates the object it is given (it rewrites discriminated schemas): give it a copy.
  const ast = await openapiTS(structuredClone(document), { alphabetize: false, exportType: false });
  const types = HEADER + astToString(ast);
  const doc =
    HEADER +
    "import type { OpenApiDocument } from '../document-type.js';\n\n" +
    `export const openapiDocument: OpenApiDocument = ${JSON.stringify(document, null, 2)};\n`;
  return {
    'src/generated/openapi.gen.ts': types,
    'src/generated/document.gen.ts': doc,
  };
}
