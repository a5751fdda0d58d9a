/**
 * A connection's tables numbered in the order their rows come, as the in-memory indexes keep
 * them: each schema's name once, each table's name once, and no object per table. At 100,000
 * tables the word and vector indexes each held 100,000 `{ schemaName, objectName }` objects and
 * 200,000 strings; every old-generation collection marked them all again.
 */
export class TableNames {
  private readonly schemas: string[] = [];
  private schemaOf = new Uint32Array(64);
  private readonly names: string[] = [];

  get length(): number {
    return this.names.length;
  }

  schemaName(t: number): string {
    return this.schemas[this.schemaOf[t]!]!;
  }

  objectName(t: number): string {
    return this.names[t]!;
  }

  /** `schema.table`, as a foreign key names the table it references. */
  qualified(t: number): string {
    return `${this.schemaName(t)}.${this.names[t]!}`;
  }

  /** Order by schema, then name (each by UTF-16 code units): -1, 0 or 1. */
  compare(t: number, schemaName: string, objectName: string): number {
    const schema = this.schemaName(t);
    if (schema !== schemaName) return schema < schemaName ? -1 : 1;
    const name = this.names[t]!;
    return name < objectName ? -1 : name > objectName ? 1 : 0;
  }

  /** Roughly the bytes held (a JavaScript string of a short name: about 48 bytes). */
  get bytes(): number {
    return this.schemaOf.byteLength + (this.names.length + this.schemas.length) * 48;
  }

  /** Appends a table under a schema number (see `numberTables`). */
  push(schema: number, objectName: string): number {
    if (this.names.length === this.schemaOf.length) {
      const grown = new Uint32Array(this.schemaOf.length * 2);
      grown.set(this.schemaOf);
      this.schemaOf = grown;
    }
    this.schemaOf[this.names.length] = schema;
    return this.names.push(objectName) - 1;
  }

  /** Numbers a schema name (once). */
  addSchema(schemaName: string): number {
    return this.schemas.push(schemaName) - 1;
  }
}

/**
 * Tables numbered as their rows come (a table in several parts keeps one number), and a lookup
 * by name: the maps go when `find` does.
 */
export function numberTables() {
  const names = new TableNames();
  const schemas = new Map<string, { schema: number; numbers: Map<string, number> }>();
  return {
    names,
    find: (schemaName: string, objectName: string) =>
      schemas.get(schemaName)?.numbers.get(objectName),
    numberOf: (schemaName: string, objectName: string): number => {
      let inSchema = schemas.get(schemaName);
      if (!inSchema) {
        inSchema = { schema: names.addSchema(schemaName), numbers: new Map() };
        schemas.set(schemaName, inSchema);
      }
      let n = inSchema.numbers.get(objectName);
      if (n === undefined) {
        n = names.push(inSchema.schema, objectName);
        inSchema.numbers.set(objectName, n);
      }
      return n;
    },
  };
}
