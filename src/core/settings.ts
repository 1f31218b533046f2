/**
 * How a protocol family declares the model fields it takes. The language reads every field a
 * model gives and checks its own shape (lang/validate.ts); which fields a protocol requires or
 * refuses, the fields of its own, the checks across fields and the system in one line for the
 * report are the protocol's, declared here. The validator, the report header, the JSON and the
 * generated docs read the same declaration; a user's protocol declares its settings the same way.
 */
import type {
  Assumption,
  FaultBudget,
  Model,
  NetworkSemantics,
  OwnSetting,
  Span,
} from "./model.ts";

/** The fields of the model language a protocol may take or refuse. */
export type ModelField =
  | "acceptors"
  | "proposers"
  | "learners"
  | "replicas"
  | "clients"
  | "slots"
  | "values"
  | "commands"
  | "operations"
  | "ballots"
  | "network"
  | "faults"
  | "retry"
  | "quorums"
  | "symmetry";

/**
 * Every model may give these, whatever its protocol: `protocol`, `variant`, `check`, `fairness`,
 * `assume` and `limits`.
 */
export const COMMON_FIELDS = ["protocol", "variant", "check", "fairness", "assume", "limits"];

/** How a protocol takes one field of the model language. */
export interface FieldRule {
  /** The field written as a line of a model, for hints: `acceptors 3`. */
  readonly example: string;
  /** True if a model of this protocol must give it. */
  readonly required?: boolean;
}

/**
 * A field of a protocol's own, written `NAME VALUE` in the model: a count (`leases 2`), one
 * word out of a few (`reads leader`) or a list of words (`keys x, y`).
 */
export type OwnField =
  | (OwnFieldBase & {
      readonly type: "count";
      readonly default: number;
      /** The smallest and largest count allowed (0 and 1,000 if absent). */
      readonly min?: number;
      readonly max?: number;
    })
  | (OwnFieldBase & {
      readonly type: "choice";
      readonly options: readonly string[];
      readonly default: string;
    })
  | (OwnFieldBase & { readonly type: "names"; readonly default: readonly string[] });

/** What every kind of own field has. */
export interface OwnFieldBase {
  /** The word the line starts with; a word of the model language is not allowed. */
  readonly name: string;
  /** What it means, in one sentence (hints and docs). */
  readonly meaning: string;
  /** The field written out, for hints (`reconfigure r2, r3, r4`); made from the default if absent. */
  readonly example?: string;
}

/** A number or word as the model gives it, with where. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** A `quorums` line as given (sizes and names not yet checked against the acceptors). */
export interface QuorumsGiven {
  readonly span: Span;
  readonly unchecked: boolean;
  readonly quorums:
    | { readonly kind: "majority" }
    | { readonly kind: "sizes"; readonly phase1: Located<number>; readonly phase2: Located<number> }
    | { readonly kind: "sets"; readonly sets: readonly (readonly Located<string>[])[] };
}

/** A `ballots` line as given. */
export type BallotsGiven =
  | {
      readonly kind: "counts";
      /** One count for every proposer (`per proposer`), or one per proposer, in order. */
      readonly counts: readonly number[];
      readonly perProposer: boolean;
      readonly span: Span;
    }
  | { readonly kind: "range"; readonly high: Located<number>; readonly span: Span };

/**
 * The model's fields as given, each already checked on its own (counts in range, no name
 * listed twice, known words): what a protocol's settings check together.
 */
export interface GivenFields {
  /** The protocol's name as written (a name or a path). */
  readonly protocol: string;
  /** Where each given field's keyword is, by field. */
  readonly keys: ReadonlyMap<string, Span>;
  /** The whole line of each given field, by field. */
  readonly lines: ReadonlyMap<string, Span>;
  /** The `model NAME {` header. */
  readonly header: Span;
  /** The line a character offset is on (1-based), for hints that point at another line. */
  lineOf(offset: number): number;
  /** `acceptors`, `proposers`, `learners`, `replicas`, `clients` and `slots`, as given. */
  readonly counts: Readonly<Partial<Record<string, number>>>;
  readonly values: {
    readonly names: readonly string[];
    readonly choice: "each" | "any";
    readonly span: Span;
  } | null;
  readonly commands: readonly Located<string>[] | null;
  /** `operations { c1: put x 1, get x }`: each client's operations, in order, word by word. */
  readonly operations: readonly ClientOperationsGiven[] | null;
  readonly ballots: BallotsGiven | null;
  readonly symmetry: { readonly names: readonly Located<string>[]; readonly span: Span } | null;
  /** The network, `unordered` if not given; `span` is the word's, if given. */
  readonly network: { readonly value: NetworkSemantics; readonly span: Span | null };
  readonly faults: FaultBudget;
  /** Where each fault's line inside `faults { … }` is. */
  readonly faultSpans: Readonly<Partial<Record<keyof FaultBudget, Span>>>;
  readonly retry: boolean;
  readonly quorums: QuorumsGiven | null;
  readonly assume: readonly Assumption[];
  /** The protocol's own fields, defaults filled in; `lines` says which the model gave. */
  readonly own: Readonly<Record<string, OwnSetting>>;
}

/** One line of `operations { … }`: a client and its operations, each as its words. */
export interface ClientOperationsGiven {
  readonly client: Located<string>;
  readonly operations: readonly Located<readonly Located<string>[]>[];
}

/** Reports a mistake at a place in the model, with a hint; never returns. */
export type SettingsFail = (message: string, span: Span | null, hint: string | null) => never;

/** The part of a {@link Model} a protocol's settings decide. */
export type ProtocolPart = Pick<
  Model,
  | "acceptors"
  | "proposers"
  | "learners"
  | "values"
  | "valueChoice"
  | "ballots"
  | "maxBallot"
  | "log"
  | "network"
  | "faults"
  | "retry"
  | "quorums"
  | "symmetry"
>;

/** A protocol family's settings: see the module comment. */
export interface ModelSettings {
  /**
   * The fields of the model language it takes, in the order a model usually gives them; any
   * other field (besides {@link COMMON_FIELDS}) is refused.
   */
  readonly fields: Readonly<Partial<Record<ModelField, FieldRule>>>;
  /** Why it refuses a field, as the hint to show; a general hint if absent. */
  readonly refused?: Readonly<Partial<Record<ModelField, string>>>;
  /** What `symmetry` may name, and the hint when it names something else. */
  readonly symmetries: { readonly names: readonly string[]; readonly hint: string };
  /** Fields of its own, with their defaults; the model's values are in `Model.own`. */
  readonly own?: readonly OwnField[];
  /** What its acceptors are called (`acceptor`, `replica`): in fault budgets and symmetry. */
  readonly acceptorNoun: string;
  /** What `crash N` crashes, in the report header (`node`); {@link acceptorNoun} if absent. */
  readonly crashNoun?: string;
  /** Checks the fields together and gives the protocol's part of the model. */
  complete(given: GivenFields, fail: SettingsFail): ProtocolPart;
  /** The system in one line for the report header: `3 acceptors, 2 proposers (…), …`. */
  describe(model: Model): string;
}
