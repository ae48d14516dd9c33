/**
 * What the config schema says about each field beyond its type: the CLI flag that sets it, the line of
 * help, and whether (and how) the web lab's form shows it. Attached to the schema's fields in ./config.ts
 * with `.register(configFieldMeta, …)`; ./config-fields.ts reads it back into the list the CLI builds its
 * flags from and the lab builds its form from, so neither keeps a list of its own.
 */
import { z } from 'zod';

/** The groups of the lab's form (its fieldsets, in this order). */
export const FORM_GROUPS = { game: 'Game', networks: 'Networks and optimizers' } as const;
export type FormGroup = keyof typeof FORM_GROUPS;

/** How a field appears in the lab's form. */
export interface FormMeta {
  /** The label beside the input ("G hidden"). */
  readonly label: string;
  readonly group: FormGroup;
  /** The tooltip (default: none). */
  readonly title?: string;
  /**
   * What an empty box means: `'unset'` (the field is left out — and 0 means off too: a field such as
   * `clipValue` whose absence is "off"), `0` (the number 0: penalties' "off"), or absent: an empty box
   * is an error the schema reports.
   */
  readonly empty?: 'unset' | 0;
  /** The placeholder of an empty box ("off"). */
  readonly placeholder?: string;
}

/** The CLI side and the form side of one config field. */
export interface FieldMeta {
  /** The flag, kebab-case without `--` (`d-steps`); it is also the id of the form's input. */
  readonly flag: string;
  /** The flag's value placeholder (`n`, `rate`; none for a switch). */
  readonly arg?: string;
  /**
   * One line of help. `{default}` is replaced by the default the command runs with (see
   * {@link FieldMeta.defaultText}); other `{name}`s by the values a host passes (e.g. `{dataNames}`).
   */
  readonly help: string;
  /** The help of `--no-<flag>` (a switch that a recipe may turn on: `--no-conditional`). */
  readonly negatedHelp?: string;
  /** How the default reads in the help, when not its plain value (`1` → "1, no packing"). */
  readonly defaultText?: (value: unknown) => string;
  /** Values are seeds: the CLI checks the 32-bit range with its own message. */
  readonly seed?: boolean;
  /** Only commands that run one training run get this flag (`tsgan train`, not `tsgan benchmark`). */
  readonly singleRun?: boolean;
  /**
   * May change while a run trains (GanTrainer.retune: from the next update on, the networks and the
   * optimizers' state kept): learning rates, k and the critic's penalties and clipping. The lab applies
   * an edit of such a field at once and records it in the experiment.
   */
  readonly tunable?: boolean;
  /** Shown in the lab's form. */
  readonly form?: FormMeta;
}

/**
 * The metadata of a field that holds one optimizer per player (`optimizer`): each named field of the
 * optimizer gets three flags — `--<flag>` for both players, `--g-<flag>` and `--d-<flag>` for one.
 */
export interface PlayerFieldsMeta {
  readonly players: Readonly<Record<string, Omit<FieldMeta, 'form'> & {
    /** Setting this field (the optimizer's name) starts a fresh object: the other fields belong to the old one. */
    readonly replacesObject?: boolean;
    /** The lab's form shows the per-player flags, labelled `G <label>` and `D <label>`. */
    readonly form?: Omit<FormMeta, 'label'> & { readonly label: string };
  }>>;
}

/** The registry the schema's fields are registered in. */
export const configFieldMeta = z.registry<FieldMeta | PlayerFieldsMeta>();
