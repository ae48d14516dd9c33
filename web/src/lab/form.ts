/**
 * The Lab's settings form, built from the library's config fields (`configFields`: the schema's field
 * metadata, the same the CLI's flags come from; an input's id is its flag's name) and read through the
 * library's one layering (`layeredConfig`, with the current experiment as its complete config), so a setting the CLI refuses is
 * refused here with the same message.
 */
import { configFields, distributionPresets, FORM_GROUPS, layeredConfig, parseDistributionSpec, specDimension, valueAt, type ConfigField, type FieldSetting, type FormGroup, type TrainConfig } from 'tsgan';

/** The presets the Lab draws (1-D and 2-D: all of them). */
export function presetNames(): string[] {
  return distributionPresets.filter((p) => specDimension(parseDistributionSpec(p.name)) <= 2).map((p) => p.name);
}

/** The config fields the form shows (those whose metadata has a `form` part), in the schema's order. */
export function formFields(): (ConfigField & { readonly form: NonNullable<ConfigField['form']> })[] {
  return configFields().filter((f): f is ConfigField & { readonly form: NonNullable<ConfigField['form']> } => f.form !== undefined);
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The input of one field. */
function inputHtml(f: ReturnType<typeof formFields>[number]): string {
  const title = f.form.title === undefined ? '' : ` title="${escape(f.form.title)}"`;
  if (f.kind === 'boolean') return `<label${title}><input id="${f.flag}" type="checkbox" /> ${escape(f.form.label)}</label>`;
  const placeholder = f.form.placeholder === undefined ? '' : ` placeholder="${escape(f.form.placeholder)}"`;
  const min = f.min === undefined ? '' : ` min="${f.min}"`;
  const input =
    f.kind === 'choice'
      ? `<select id="${f.flag}"></select>`
      : f.kind === 'integers' || f.kind === 'text'
        ? `<input id="${f.flag}" size="10" />`
        : `<input id="${f.flag}" type="number" step="${f.kind === 'integer' ? '1' : 'any'}"${min}${placeholder} />`;
  return `<label${title}>${escape(f.form.label)} ${input}</label>`;
}

export const FORM_HTML = `
<fieldset><details class="form-group" open><summary>Data</summary>
  <label>source <select id="data-kind">
    <option value="preset">preset</option><option value="spec">mixture / spec (JSON)</option>
    <option value="draw">draw points</option><option value="csv">upload CSV</option></select></label>
  <label id="row-preset">preset <select id="data-preset"></select></label>
  <label id="row-spec" class="wide">spec <textarea id="data-spec" rows="4" spellcheck="false">{"type":"mixture","components":[{"weight":1,"dist":{"type":"normal","mean":[-1,0],"std":[0.1,0.1]}},{"weight":1,"dist":{"type":"normal","mean":[1,0.5],"std":[0.2,0.2]}}]}</textarea></label>
  <label id="row-csv">CSV file <input id="data-csv" type="file" accept=".csv,.txt,.json" /></label>
  <span id="row-draw"><button type="button" id="draw-clear">clear points</button> <span class="muted">click or drag on the first plot</span></span>
</details></fieldset>
${(Object.keys(FORM_GROUPS) as FormGroup[]).map((g) => `<fieldset><details class="form-group" open><summary>${FORM_GROUPS[g]}</summary>
  ${formFields().filter((f) => f.form.group === g).map(inputHtml).join('\n  ')}
</details></fieldset>`).join('\n')}
<button type="button" id="apply">apply (restart at step 0)</button> <button type="button" id="revert" hidden>revert to the running settings</button>
<span id="form-error" class="error" role="alert"></span>`;

const $ = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;

/** Fills the form's selects (once). */
export function initForm(): void {
  $<HTMLSelectElement>('data-preset').innerHTML = presetNames().map((n) => `<option>${n}</option>`).join('');
  for (const f of formFields()) if (f.kind === 'choice') $<HTMLSelectElement>(f.flag).innerHTML = (f.choices ?? []).map((n) => `<option>${n}</option>`).join('');
}

/** Shows `config` in the form. */
export function writeForm(config: TrainConfig): void {
  for (const f of formFields()) {
    const v = valueAt(config, f.paths[0]);
    if (f.kind === 'boolean') $(f.flag).checked = v === true;
    else $(f.flag).value = v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
  }
}

/** The value a field's input holds (`undefined`: the field is left unset). */
export function readInput(f: ReturnType<typeof formFields>[number]): unknown {
  if (f.kind === 'boolean') return $(f.flag).checked;
  const text = $(f.flag).value.trim();
  if (f.kind === 'choice' || f.kind === 'text') return text;
  if (f.kind === 'integers') return text.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const n = text === '' ? NaN : Number(text);
  if (f.form.empty === 'unset' && (Number.isNaN(n) || n === 0)) return undefined;
  if (f.form.empty === 0 && (Number.isNaN(n) || n === 0)) return 0;
  return n;
}

/**
 * The config the form describes, on top of `base` (fields the form does not show are kept) with `data`,
 * through the library's layering and schema; throws an Error with the schema's one-line message.
 */
export function readForm(base: TrainConfig, data: string | Record<string, unknown>): TrainConfig {
  const settings: FieldSetting[] = [{ path: ['data'], value: data }];
  for (const f of formFields()) {
    const value = readInput(f);
    for (const path of f.paths) settings.push({ path, value, source: f.form.label, replacesObject: f.replacesObject });
  }
  try {
    return layeredConfig({ recipe: 'none', config: base, source: 'settings', settings });
  } catch (e) {
    throw new Error(formMessage((e as Error).message));
  }
}

/**
 * A config message in the form's words: each flag the form has an input for (`--clip-value 0.01`)
 * becomes its label (“clip c” = 0.01); other flags stay as they are.
 */
export function formMessage(message: string): string {
  return message.replace(/--([a-z][a-z0-9-]*)( -?\d[\d.e-]*)?/g, (whole, flag: string, value: string | undefined) => {
    const f = formFields().find((x) => x.flag === flag);
    return f === undefined ? whole : `“${f.form.label}”${value === undefined ? '' : ` = ${value.trim()}`}`;
  });
}
