/**
 * The syntax tree of a .synod file, as the parser produces it: every node keeps its span so
 * that the validator can point at the exact text it objects to.
 */
import type { Span } from "./errors.ts";
import type { PropertyDecl } from "../core/formula.ts";

/** A bare word (`paxos`, `a`, `no-adopt`) or a quoted string (`"./my-variant.ts"`). */
export interface Name {
  readonly text: string;
  readonly quoted: boolean;
  readonly span: Span;
}

export interface Int {
  readonly value: number;
  readonly span: Span;
}

/** Fields common to every entry: the keyword and the whole line. */
interface EntryBase {
  readonly key: Name;
  readonly span: Span;
}

export type Role = "acceptors" | "proposers" | "learners" | "replicas" | "clients" | "slots";
export type FaultKind = "drop" | "duplicate" | "crash" | "restart";
export type LimitKind = "states" | "depth";

export type Entry =
  | (EntryBase & { readonly kind: "protocol"; readonly name: Name })
  | (EntryBase & { readonly kind: "variant"; readonly name: Name })
  | (EntryBase & { readonly kind: "count"; readonly role: Role; readonly count: Int })
  | (EntryBase & {
      readonly kind: "values";
      readonly choice: "each" | "any";
      readonly values: readonly Name[];
    })
  | (EntryBase & {
      readonly kind: "ballots";
      /** One count for every proposer (`per proposer`), or one count per proposer, in order. */
      readonly counts: readonly Int[];
      readonly perProposer: boolean;
    })
  | (EntryBase & { readonly kind: "ballot-range"; readonly low: Int; readonly high: Int })
  | (EntryBase & { readonly kind: "symmetry"; readonly names: readonly Name[] })
  | (EntryBase & { readonly kind: "commands"; readonly commands: readonly Name[] })
  | (EntryBase & { readonly kind: "operations"; readonly clients: readonly ClientOperations[] })
  | (EntryBase & { readonly kind: "network"; readonly semantics: Name })
  | (EntryBase & { readonly kind: "faults"; readonly faults: readonly FaultEntry[] })
  | (EntryBase & { readonly kind: "check"; readonly properties: readonly PropertyRef[] })
  | (EntryBase & { readonly kind: "fairness"; readonly pairs: readonly Pair[] })
  | (EntryBase & { readonly kind: "assume"; readonly pairs: readonly Pair[] })
  | (EntryBase & { readonly kind: "retry"; readonly mode: Name })
  | (EntryBase & {
      readonly kind: "quorums";
      readonly quorums:
        | { readonly kind: "majority" }
        | { readonly kind: "sizes"; readonly phase1: Int; readonly phase2: Int }
        | { readonly kind: "sets"; readonly sets: readonly (readonly Name[])[] };
      /** The trailing `unchecked`, if given. */
      readonly unchecked: Span | null;
    })
  | (EntryBase & { readonly kind: "limits"; readonly limits: readonly LimitEntry[] })
  | (EntryBase & { readonly kind: "expect"; readonly expectations: readonly ExpectEntry[] })
  | (EntryBase & { readonly kind: "property"; readonly property: PropertyDecl })
  | Unrecognised;

/** One line of an `operations` block: a client and the operations it calls, in order. */
export interface ClientOperations {
  readonly client: Name;
  readonly operations: readonly OperationText[];
  readonly span: Span;
}

/** An operation as written: `put x 1` is kind `put` with operands `x` and `1`. */
export interface OperationText {
  readonly kind: Name;
  readonly operands: readonly Name[];
  readonly span: Span;
}

/** A property named in `check`: an invariant, or `eventually NAME` (a liveness property). */
export interface PropertyRef {
  readonly name: Name;
  /** The `eventually` keyword, or null for an invariant. */
  readonly eventually: Span | null;
  readonly span: Span;
}

/** Two words, as in `weak deliver` or `leader p1`. */
export interface Pair {
  readonly first: Name;
  readonly second: Name;
  readonly span: Span;
}

/** A line the grammar has no rule for: the validator explains what is wrong with it. */
export interface Unrecognised extends EntryBase {
  readonly kind: "unrecognised";
  /** The span of everything after the key (or the key itself when nothing follows). */
  readonly rest: Span;
  /** What follows the key, token by token (a protocol's own field is read from these). */
  readonly items: readonly Item[];
}

/** A token after an unrecognised line's key. */
export type Item =
  | { readonly kind: "int"; readonly value: number; readonly span: Span }
  | { readonly kind: "word" | "string"; readonly text: string; readonly span: Span }
  | { readonly kind: "comma" | "block"; readonly span: Span };

export type FaultEntry =
  | (EntryBase & {
      readonly kind: "budget";
      readonly fault: FaultKind;
      /** The budget; null for `unlimited`. */
      readonly count: Int | null;
      readonly target: Name | null;
    })
  | Unrecognised;

export type LimitEntry =
  | (EntryBase & { readonly kind: "bound"; readonly limit: LimitKind; readonly count: Int })
  | Unrecognised;

export type ExpectKind = "states" | "generated" | "edges" | "depth" | "steps" | "loop";

/** A line of an `expect` block. */
export type ExpectEntry =
  | (EntryBase & { readonly kind: "holds" })
  | (EntryBase & {
      readonly kind: "violates";
      readonly property: Name;
      /** The `eventually` keyword, or null for an invariant. */
      readonly eventually: Span | null;
    })
  | (EntryBase & { readonly kind: "expect-count"; readonly what: ExpectKind; readonly count: Int })
  | Unrecognised;

export interface SyntaxTree {
  readonly name: Name;
  /** The `model NAME {` header, for errors about the model as a whole. */
  readonly header: Span;
  readonly entries: readonly Entry[];
}
