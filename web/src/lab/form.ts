/**
 * The Lab's settings form: built from the library's config schema names and validated by it
 * (`trainConfigSchema`), so a setting the CLI refuses is refused here with the same message.
 */
import { distributionPresets, formatIssue, OBJECTIVE_NAMES, parseDistributionSpec, specDimension, trainConfigSchema, type TrainConfig } from 'tsgan';

/** The presets the Lab draws (1-D and 2-D: all of them). */
export function presetNames(): string[] {
  return distributionPresets.filter((p) => specDimension(parseDistributionSpec(p.name)) <= 2).map((p) => p.name);
}

export const FORM_HTML = `
<fieldset><legend>Data</legend>
  <label>source <select id="data-kind">
    <option value="preset">preset</option><option value="spec">mixture / spec (JSON)</option>
    <option value="draw">draw points</option><option value="csv">upload CSV</option></select></label>
  <label id="row-preset">preset <select id="data-preset"></select></label>
  <label id="row-spec" class="wide">spec <textarea id="data-spec" rows="4" spellcheck="false">{"type":"mixture","components":[{"weight":1,"dist":{"type":"normal","mean":[-1,0],"std":[0.1,0.1]}},{"weight":1,"dist":{"type":"normal","mean":[1,0.5],"std":[0.2,0.2]}}]}</textarea></label>
  <label id="row-csv">CSV file <input id="data-csv" type="file" accept=".csv,.txt,.json" /></label>
  <span id="row-draw"><button type="button" id="draw-clear">clear points</button> <span class="muted">click or drag on the first plot</span></span>
</fieldset>
<fieldset><legend>Game</legend>
  <label>objective <select id="loss"></select></label>
  <label title="WGAN: clip every critic parameter to [−c, c]">clip c <input id="clip-value" type="number" step="any" min="0" placeholder="off" /></label>
  <label title="WGAN-GP λ">gradient penalty λ <input id="gradient-penalty" type="number" step="any" min="0" /></label>
  <label title="R1 γ">R1 γ <input id="r1" type="number" step="any" min="0" /></label>
  <label title="spectral normalization of every critic weight (Miyato et al. 2018)"><input id="spectral-norm" type="checkbox" /> spectral norm</label>
  <label title="discriminator updates per generator update">k <input id="d-steps" type="number" min="1" step="1" /></label>
</fieldset>
<fieldset><legend>Networks and optimizers</legend>
  <label>G hidden <input id="g-hidden" size="10" /></label>
  <label>D hidden <input id="d-hidden" size="10" /></label>
  <label>noise dim <input id="noise-dim" type="number" min="1" step="1" /></label>
  <label>G lr <input id="g-lr" type="number" step="any" /></label>
  <label>D lr <input id="d-lr" type="number" step="any" /></label>
  <label>batch <input id="batch-size" type="number" min="1" step="1" /></label>
  <label>steps <input id="steps" type="number" min="1" step="1" /></label>
  <label>seed <input id="seed" type="number" min="0" step="1" /></label>
</fieldset>
<button type="button" id="apply">apply (restart at step 0)</button>
<span id="form-error" class="error" role="alert"></span>`;

const $ = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;

/** Fills the form's selects (once). */
export function initForm(): void {
  $<HTMLSelectElement>('data-preset').innerHTML = presetNames().map((n) => `<option>${n}</option>`).join('');
  $<HTMLSelectElement>('loss').innerHTML = OBJECTIVE_NAMES.map((n) => `<option>${n}</option>`).join('');
}

/** Shows `config` in the form. */
export function writeForm(config: TrainConfig): void {
  $<HTMLSelectElement>('loss').value = config.loss;
  $('clip-value').value = config.clipValue === undefined ? '' : String(config.clipValue);
  $('gradient-penalty').value = String(config.gradientPenaltyWeight);
  $('r1').value = String(config.r1Gamma);
  $('spectral-norm').checked = config.discriminator.spectralNorm;
  $('d-steps').value = String(config.dSteps);
  $('g-hidden').value = config.generator.hidden.join(',');
  $('d-hidden').value = config.discriminator.hidden.join(',');
  $('noise-dim').value = String(config.noise.dim);
  $('g-lr').value = String(config.optimizer.generator.learningRate);
  $('d-lr').value = String(config.optimizer.discriminator.learningRate);
  $('batch-size').value = String(config.batchSize);
  $('steps').value = String(config.steps);
  $('seed').value = String(config.seed);
}

const num = (id: string): number => (($(id).value.trim() === '' ? NaN : Number($(id).value)));
const list = (id: string): number[] => $(id).value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);

/**
 * The config the form describes, on top of `base` (fields the form does not show are kept), validated
 * by the library's schema; throws an Error with the schema's one-line message.
 */
export function readForm(base: TrainConfig, data: string | Record<string, unknown>): TrainConfig {
  const clip = num('clip-value');
  const input = {
    ...base,
    data,
    loss: $<HTMLSelectElement>('loss').value,
    clipValue: Number.isNaN(clip) || clip === 0 ? undefined : clip,
    gradientPenaltyWeight: num('gradient-penalty') || 0,
    r1Gamma: num('r1') || 0,
    dSteps: num('d-steps'),
    generator: { ...base.generator, hidden: list('g-hidden') },
    discriminator: { ...base.discriminator, hidden: list('d-hidden'), spectralNorm: $('spectral-norm').checked },
    noise: { ...base.noise, dim: num('noise-dim') },
    optimizer: {
      generator: { ...base.optimizer.generator, learningRate: num('g-lr') },
      discriminator: { ...base.optimizer.discriminator, learningRate: num('d-lr') },
    },
    batchSize: num('batch-size'),
    steps: num('steps'),
    seed: num('seed'),
  };
  const r = trainConfigSchema.safeParse(input);
  if (!r.success) throw new Error(formatIssue(r.error.issues[0], 'settings'));
  return r.data;
}
