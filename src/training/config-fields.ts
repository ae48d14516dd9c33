/**
 * The config fields a user sets by name — the CLI's flags and the web lab's form — read from the one
 * schema (./config.ts) and its field metadata (./config-field-meta.ts): the path each sets, the kind of
 * value, the choices, the help line, the form's label. Both front ends build their inputs from
 * {@link configFields}, so a field added to the schema with its metadata is a flag and (if it says so) a
 * form input with no other edit.
 */
import { configFieldMeta, type FieldMeta, type PlayerFieldsMeta } from './config-field-meta.js';
import { trainConfigSchema } from './config.js';

/** The kind of value a field takes, read from its schema. */
export type FieldKind = 'text' | 'integer' | 'number' | 'integers' | 'boolean' | 'choice';

/**
 * One flag / form input: its metadata (./config-field-meta.ts: flag, help, form, …) with what the schema
 * says — the paths it sets, the kind of value, the choices, the lower bound.
 */
export interface ConfigField extends FieldMeta {
  /** The config paths it sets (two for a both-players flag such as `--lr`). */
  readonly paths: readonly (readonly string[])[];
  readonly kind: FieldKind;
  /** The allowed values of a `choice`. */
  readonly choices?: readonly string[];
  /** The smallest value a number may take (inclusive), when the schema bounds it below. */
  readonly min?: number;
  /** Setting it replaces the object that holds it (an optimizer's name: the other fields were the old optimizer's). */
  readonly replacesObject?: boolean;
}

interface ZodLike {
  readonly _zod: { readonly def: { readonly type: string; readonly innerType?: ZodLike; readonly out?: ZodLike; readonly element?: ZodLike; readonly entries?: Record<string, string>; readonly options?: readonly ZodLike[]; readonly values?: readonly unknown[] } };
  readonly shape?: Record<string, ZodLike>;
  readonly isInt?: boolean;
}

/** The lower bound of a number schema's checks: `{ value, inclusive }`, or none. */
function lowerBound(s: ZodLike): { value: number; inclusive: boolean } | undefined {
  const checks = (s._zod.def as { checks?: readonly { _zod: { def: { check?: string; value?: unknown; inclusive?: boolean } } }[] }).checks ?? [];
  for (const c of checks) {
    const d = c._zod.def;
    if (d.check === 'greater_than' && typeof d.value === 'number') return { value: d.value, inclusive: d.inclusive === true };
  }
  return undefined;
}

/** `s` without its default / optional / prefault / pipe wrappers. */
function unwrap(s: ZodLike): ZodLike {
  for (let i = 0; i < 32; i++) {
    const def = s._zod.def;
    if (def.innerType !== undefined) s = def.innerType;
    else if (def.type === 'pipe' && def.out !== undefined) s = def.out;
    else return s;
  }
  return s;
}

/** The kind, choices and lower bound of a field's schema. */
function kindOf(schema: ZodLike): Pick<ConfigField, 'kind' | 'choices' | 'min'> {
  const s = unwrap(schema);
  const def = s._zod.def;
  switch (def.type) {
    case 'number': {
      const integer = s.isInt === true;
      const low = lowerBound(s);
      // an integer above 0 starts at 1; a real number above 0 has no smallest value: the box allows 0 and the schema refuses it
      const min = low === undefined ? {} : { min: integer && !low.inclusive ? Math.floor(low.value) + 1 : low.value };
      return { kind: integer ? 'integer' : 'number', ...min };
    }
    case 'array':
      return { kind: 'integers' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'choice', choices: Object.values(def.entries ?? {}) };
    case 'union':
      // a discriminated union's tag (the optimizer's name) is read by the caller; any other union is text (data)
      return { kind: 'text' };
    default:
      throw new Error(`config-fields: no flag kind for a ${def.type} field`);
  }
}

/** The fields of each option of a discriminated union, merged: `name` → the literals, others → their schema. */
function unionFields(union: ZodLike): Record<string, Pick<ConfigField, 'kind' | 'choices' | 'min'>> {
  const out: Record<string, Pick<ConfigField, 'kind' | 'choices' | 'min'>> = {};
  const names: string[] = [];
  for (const option of union._zod.def.options ?? []) {
    for (const [key, f] of Object.entries(option.shape ?? {})) {
      const def = unwrap(f)._zod.def;
      if (def.type === 'literal') names.push(...(def.values ?? []).map(String));
      else out[key] ??= kindOf(f);
    }
  }
  out.name = { kind: 'choice', choices: names };
  return out;
}

const PLAYERS = [
  ['generator', 'g', 'the generator', 'G'],
  ['discriminator', 'd', 'the discriminator', 'D'],
] as const;

/** The flags of a per-player field (`optimizer`): for both players first, then one per player. */
function playerFields(path: readonly string[], schema: ZodLike, meta: PlayerFieldsMeta): ConfigField[] {
  const players = unwrap(schema).shape ?? {};
  const kinds = unionFields(unwrap(players.generator));
  const out: ConfigField[] = [];
  for (const [key, m] of Object.entries(meta.players)) {
    const { form, ...rest } = m;
    const kind = kinds[key];
    if (kind === undefined) throw new Error(`config-fields: ${path.join('.')} has no field ${key}`);
    out.push({ ...rest, ...kind, help: `${m.help.replace('{players}', 'both players')} (default: {default})`, paths: PLAYERS.map(([p]) => [...path, p, key]) });
    for (const [p, letter, who, short] of PLAYERS) {
      out.push({
        ...rest,
        ...kind,
        flag: `${letter}-${m.flag}`,
        help: m.help.replace('{players}', who),
        paths: [[...path, p, key]],
        ...(form === undefined ? {} : { form: { ...form, label: `${short} ${form.label}` } }),
      });
    }
  }
  return out;
}

function walk(schema: ZodLike, path: readonly string[], out: ConfigField[]): void {
  for (const [key, f] of Object.entries(unwrap(schema).shape ?? {})) {
    const meta = configFieldMeta.get(f as never);
    const here = [...path, key];
    if (meta !== undefined && 'players' in meta) out.push(...playerFields(here, f, meta));
    else if (meta !== undefined) out.push({ ...(meta as FieldMeta), ...kindOf(f), paths: [here] });
    else if (unwrap(f)._zod.def.type === 'object') walk(f, here, out);
  }
}

let cached: readonly ConfigField[] | undefined;

/**
 * Every field with a flag in `schema` (default: the training config's), in the schema's order (the
 * per-player flags where the optimizer is). Another object schema whose fields are registered in
 * `configFieldMeta` gives its own list.
 */
export function configFields(schema?: unknown): readonly ConfigField[] {
  const read = (s: unknown) => {
    const out: ConfigField[] = [];
    walk(s as ZodLike, [], out);
    return out;
  };
  if (schema !== undefined) return read(schema);
  cached ??= read(trainConfigSchema);
  return cached;
}

/** The value at `path` in `config` (undefined where a field is absent). */
export function valueAt(config: unknown, path: readonly string[]): unknown {
  let v = config;
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/**
 * A field's help line with its placeholders filled: `{default}` by its value in `defaults` (through its
 * `defaultText`, lists joined by commas), `{default.some.path}` by another field's default, `{name}` by `vars`.
 */
export function fieldHelp(field: ConfigField, defaults: unknown, vars: Readonly<Record<string, string>> = {}): string {
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  return field.help.replace(/\{(default(?:\.[\w.]+)?|\w+)\}/g, (whole, name: string) => {
    if (name === 'default') {
      const v = valueAt(defaults, field.paths[0]);
      return field.defaultText === undefined ? shown(v) : field.defaultText(v);
    }
    if (name.startsWith('default.')) return shown(valueAt(defaults, name.slice('default.'.length).split('.')));
    return vars[name] ?? whole;
  });
}

/** The config paths that may change while a run trains (fields whose metadata says `tunable`), joined with dots. */
export function tunablePaths(): ReadonlySet<string> {
  return new Set(configFields().filter((f) => f.tunable === true).flatMap((f) => f.paths.map((p) => p.join('.'))));
}
