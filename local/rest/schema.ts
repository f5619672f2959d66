/**
 * The schema cache: what PostgREST knows about the exposed schemas, read from the catalog
 * once at start and again on `NOTIFY pgrst, 'reload schema'`. Every identifier a request
 * names is looked up here, and only the catalog's own spelling is ever written into SQL.
 */
import type { Sql } from "../../supabase/functions/_shared/db.ts";

export interface Column {
  name: string;
  /** `format_type` without typmod: safe to cast a text parameter to. */
  type: string;
  /** `pg_type.typcategory`: `A` array, `U` json among others, `S` string. */
  category: string;
}

export interface ForeignKey {
  name: string;
  /** The referencing relation and its columns. */
  from: string;
  fromColumns: string[];
  /** The referenced relation and its columns. */
  to: string;
  toColumns: string[];
}

export interface Relation {
  schema: string;
  name: string;
  columns: Map<string, Column>;
  primaryKey: string[];
  /** Tables and partitioned tables take writes; views may if Postgres lets them. */
  kind: "table" | "view";
}

export interface Argument {
  name: string;
  type: string;
  hasDefault: boolean;
}

export interface RoutineSignature {
  schema: string;
  name: string;
  args: Argument[];
  /** `v` volatile, `s` stable, `i` immutable. */
  volatility: "v" | "s" | "i";
  returnsSet: boolean;
  returnType: string;
  /** The result's columns when it returns rows (a table type, OUT or TABLE parameters). */
  resultColumns?: Map<string, Column>;
  returnsVoid: boolean;
}

export interface SchemaCache {
  /** By `schema.name`. */
  relations: Map<string, Relation>;
  foreignKeys: ForeignKey[];
  /** By `schema.name`: every overload. */
  routines: Map<string, RoutineSignature[]>;
  /** `statement_timeout` of each API role (`alter role anon set statement_timeout`). */
  statementTimeouts: Map<string, string>;
}

interface RelationRow {
  schema: string;
  name: string;
  relkind: string;
  columns: Column[] | null;
  pk: string[] | null;
}

interface RoutineRow {
  schema: string;
  name: string;
  volatility: "v" | "s" | "i";
  returns_set: boolean;
  return_type: string;
  args: { name: string | null; type: string; mode: string }[] | null;
  default_count: number;
  result_columns: Column[] | null;
}

/** Reads the cache for `schemas` from the catalog. */
export async function loadSchemaCache(sql: Sql, schemas: string[]): Promise<SchemaCache> {
  // The list as one text parameter: how postgres.js sends a JS array depends on whether the
  // statement was described first, and the catalog's `name[]` makes that guess ambiguous.
  const list = JSON.stringify(schemas);
  const exposed = sql`array(select json_array_elements_text(${list}::text::json))::name[]`;
  const [relationRows, fkRows, routineRows, settingRows] = await Promise.all([
    sql<RelationRow[]>`
      select n.nspname as schema, c.relname as name, c.relkind,
        (select json_agg(json_build_object('name', a.attname,
                 'type', format_type(a.atttypid, null), 'category', t.typcategory)
                 order by a.attnum)
           from pg_attribute a join pg_type t on t.oid = a.atttypid
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
        (select array_agg(a.attname order by array_position(i.indkey::int2[], a.attnum))
           from pg_index i
           join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = c.oid and i.indisprimary) as pk
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(${exposed}) and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
    sql<{ name: string; from: string; to: string; from_columns: string[]; to_columns: string[] }[]>`
      select con.conname as name,
        fn.nspname || '.' || fc.relname as from, tn.nspname || '.' || tc.relname as to,
        array(select a.attname from unnest(con.conkey) with ordinality k(num, i)
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num
              order by k.i) as from_columns,
        array(select a.attname from unnest(con.confkey) with ordinality k(num, i)
              join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num
              order by k.i) as to_columns
      from pg_constraint con
      join pg_class fc on fc.oid = con.conrelid join pg_namespace fn on fn.oid = fc.relnamespace
      join pg_class tc on tc.oid = con.confrelid join pg_namespace tn on tn.oid = tc.relnamespace
      where con.contype = 'f' and fn.nspname = any(${exposed}) and tn.nspname = any(${exposed})`,
    sql<RoutineRow[]>`
      select n.nspname as schema, p.proname as name, p.provolatile as volatility,
        p.proretset as returns_set, format_type(p.prorettype, null) as return_type,
        p.pronargdefaults as default_count,
        (select json_agg(json_build_object('name', x.name, 'type', format_type(x.type, null),
                 'mode', coalesce(x.mode, 'i')) order by x.i)
           from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes,
                       p.proargnames) with ordinality x(type, mode, name, i)) as args,
        case when t.typrelid <> 0 then
          (select json_agg(json_build_object('name', a.attname,
                   'type', format_type(a.atttypid, null), 'category', at.typcategory)
                   order by a.attnum)
             from pg_attribute a join pg_type at on at.oid = a.atttypid
            where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)
        end as result_columns
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      join pg_type t on t.oid = p.prorettype
      where n.nspname = any(${exposed}) and p.prokind = 'f'`,
    sql<{ role: string; setting: string }[]>`
      select r.rolname as role, split_part(c, '=', 2) as setting
      from pg_db_role_setting s
      join pg_roles r on r.oid = s.setrole
      cross join unnest(s.setconfig) c
      where r.rolname in ('anon', 'authenticated', 'service_role')
        and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
        and c like 'statement_timeout=%'
      order by s.setdatabase`,
  ]);

  const relations = new Map<string, Relation>();
  for (const row of relationRows) {
    relations.set(`${row.schema}.${row.name}`, {
      schema: row.schema,
      name: row.name,
      columns: new Map((row.columns ?? []).map((c) => [c.name, c])),
      primaryKey: row.pk ?? [],
      kind: row.relkind === "r" || row.relkind === "p" ? "table" : "view",
    });
  }
  const routines = new Map<string, RoutineSignature[]>();
  for (const row of routineRows) {
    routines.set(
      `${row.schema}.${row.name}`,
      [...routines.get(`${row.schema}.${row.name}`) ?? [], routineOf(row)],
    );
  }
  return {
    relations,
    foreignKeys: fkRows.map((fk) => ({
      name: fk.name,
      from: fk.from,
      fromColumns: fk.from_columns,
      to: fk.to,
      toColumns: fk.to_columns,
    })),
    routines,
    // A database-specific setting (read last) wins over a cluster-wide one.
    statementTimeouts: new Map(settingRows.map((r) => [r.role, r.setting])),
  };
}

function routineOf(row: RoutineRow): RoutineSignature {
  const all = row.args ?? [];
  const inputs = all.filter((a) => a.mode === "i" || a.mode === "b" || a.mode === "v");
  const outputs = all.filter((a) => a.mode === "o" || a.mode === "b" || a.mode === "t");
  let resultColumns: Map<string, Column> | undefined;
  if (row.result_columns) resultColumns = new Map(row.result_columns.map((c) => [c.name, c]));
  else if (outputs.length > 1 || (row.returns_set && outputs.length === 1)) {
    resultColumns = new Map(
      outputs.map((a, i) => {
        const name = a.name ?? `column${i + 1}`;
        return [name, { name, type: a.type, category: a.type.endsWith("[]") ? "A" : "X" }];
      }),
    );
  }
  return {
    schema: row.schema,
    name: row.name,
    args: inputs.map((a, i) => ({
      name: a.name ?? "",
      type: a.type,
      hasDefault: i >= inputs.length - row.default_count,
    })),
    volatility: row.volatility,
    returnsSet: row.returns_set,
    returnType: row.return_type,
    resultColumns,
    returnsVoid: row.return_type === "void",
  };
}
