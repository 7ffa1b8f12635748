// Validates what `syncplan export --to powersync` wrote, with PowerSync's own published code:
//   node powersync-check.mjs DIR...
// Each DIR holds powersync/sync-config.yaml, powersync/source-schema.json and powersync/client/schema.ts.
// Prints one JSON line per DIR, in order: {"sync": [YamlError...], "client": "ok" | "<error message>", "tables": [...]}.
//
// @powersync/service-sync-rules' edition-3 compiler calls Object.groupBy, which Node 20 lacks:
// polyfill it before the (dynamic) import.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

Object.groupBy ??= (xs, f) => {
  const o = Object.create(null);
  let i = 0;
  for (const x of xs) (o[f(x, i++)] ??= []).push(x);
  return o;
};

const { SqlSyncRules, StaticSchema, DEFAULT_TAG } = await import('@powersync/service-sync-rules');
const ts = (await import('typescript')).default;
let n = 0;
for (const dir of process.argv.slice(2)) {
  const source = JSON.parse(readFileSync(join(dir, 'powersync/source-schema.json'), 'utf8'));
  const schema = new StaticSchema([{ tag: DEFAULT_TAG, schemas: source.schemas }]);
  const yaml = readFileSync(join(dir, 'powersync/sync-config.yaml'), 'utf8');
  const errors = SqlSyncRules.validate(yaml, { schema, defaultSchema: source.default_schema });
  const sync = errors.map((e) => ({ type: e.type, message: e.message }));

  // The TypeScript client schema: transpile with the real compiler, import, construct, validate.
  let client = 'ok';
  let tables = [];
  try {
    const src = readFileSync(join(dir, 'powersync/client/schema.ts'), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } }).outputText;
    // Written beside this script so that '@powersync/common' resolves from tests/node/node_modules.
    const here = join(dirname(fileURLToPath(import.meta.url)), '.generated');
    mkdirSync(here, { recursive: true });
    const file = join(here, `schema-${process.pid}-${n++}.mjs`);
    writeFileSync(file, js);
    const mod = await import(pathToFileURL(file).href);
    unlinkSync(file);
    mod.AppSchema.validate();
    tables = mod.AppSchema.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => [c.name, c.type]), insertOnly: !!t.insertOnly }));
  } catch (e) {
    client = String(e && e.message ? e.message : e);
  }
  console.log(JSON.stringify({ sync, client, tables }));
}
