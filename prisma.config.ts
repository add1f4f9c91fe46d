// Prisma CLI configuration. The CLI runs its bundled WebAssembly schema engine
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
// through the pg driver adapter, so migrations need no engine download.
import { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaConfig } from 'prisma';
import { pgConnectionOptions } from './src/infra/pg-connection.js';

const OID_CHAR = 18;
const OID_NAME = 19;
const OID_TEXT = 25;

// prisma/prisma#27403: the adapter cannot map the catalog types "char" and "name"
// that migrate's introspection queries return; read them as text.
function readCatalogNamesAsText(adapter: object): void {
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as {
    performIO: (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
    catalogPatched?: boolean;
  };
  if (queryable.catalogPatched) return;
  const performIO = queryable.performIO;
  queryable.performIO = async function (this: unknown, query: unknown) {
    const result = await performIO.call(this, query);
    for (const field of result.fields) {
      if (field.dataTypeID === OID_CHAR || field.dataTypeID === OID_NAME) field.dataTypeID = OID_TEXT;
    }
    return result;
  };
  queryable.catalogPatched = true;
}

class MigrationAdapterFactory extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    readCatalogNamesAsText(adapter);
    return adapter;
  }
}

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () =>
    new MigrationAdapterFactory({ ...pgConnectionOptions(process.env.DATABASE_URL ?? ''), idleTimeoutMillis: 200, allowExitOnIdle: true }),
} satisfies PrismaConfig;
