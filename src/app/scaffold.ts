/**
 * `synod init`: the files of a new user project: a model, a variant with every rule written out
 * as the correct protocol's (so the user edits one), a package.json that depends on this synod,
 * and a README with the commands. test/cli/init.test.ts checks that it checks green as written
 * and that the README's one-line change finds the bug it names.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";
import { OutputError } from "./outputs.ts";

/** The files written, by name, in the order they are listed. */
export function scaffoldFiles(project: string, synodDependency: string): Record<string, string> {
  return {
    "paxos.synod": MODEL,
    "my-variant.ts": VARIANT,
    "package.json":
      JSON.stringify(
        {
          name: project,
          private: true,
          type: "module",
          scripts: {
            check: "synod check paxos.synod",
            test: "synod check paxos.synod --no-tui",
          },
          dependencies: { synod: synodDependency },
        },
        null,
        2,
      ) + "\n",
    "README.md": readme(project),
  };
}

/**
 * Writes the project into `folder` (made if missing). Refuses, writing nothing, if any of its
 * files is there already. Returns the names written.
 */
export function writeScaffold(folder: string, synodRoot: string, version: string): string[] {
  const files = scaffoldFiles(packageName(folder), dependencyOn(synodRoot, version));
  const taken = Object.keys(files).filter((name) => existsSync(join(folder, name)));
  if (taken.length > 0) {
    throw new OutputError(
      `${folder} already has ${taken.join(", ")}: synod init writes only new files`,
      "run it in an empty folder, or give a new one: `synod init my-paxos`.",
    );
  }
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return Object.keys(files);
}

/** How the project depends on this synod: its version if installed, else its folder. */
function dependencyOn(synodRoot: string, version: string): string {
  return synodRoot.split(sep).includes("node_modules")
    ? `^${version}`
    : `file:${resolve(synodRoot)}`;
}

/** A package name from the folder's: lower case, letters, digits and dashes. */
function packageName(folder: string): string {
  const name = basename(resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name === "" ? "my-paxos" : name;
}

const MODEL = `// Single-decree Paxos with your variant (my-variant.ts): 3 acceptors, 2 competing proposers,
// 1 learner, one lost message and one acceptor crash. Check it: npx synod check paxos.synod
model my-paxos {
  protocol  paxos
  variant   "./my-variant.ts"
  acceptors 3
  proposers 2
  values    a, b
  learners  1
  ballots   1 per proposer
  faults {
    drop    1
    crash   1 acceptor
  }
}
`;

// The correct rules of protocols/paxos/rules.ts, written out for the user to edit (the test
// checks the project's counts are the built-in protocol's).
const VARIANT = `/**
 * Your variant of single-decree Paxos. Every rule is written out as the correct protocol's, so
 * the model checks green as it is: change one, and \`npx synod check paxos.synod\` shows what
 * breaks, with the shortest run that breaks it. Each rule is described in synod's
 * docs/authoring.md; a variant may also wrap a role's whole message handler (\`handlers\`).
 */
import { List, Set as ISet } from "immutable";
import { Ballot, compareBallots, definePaxosVariant, NO_BALLOT, type Vote } from "synod";

export default definePaxosVariant({
  name: "my-variant",
  changes: "Nothing yet: every rule is the correct protocol's.",
  breaks: null,
  rules: {
    // The ballot of a proposer's round-th attempt: unique to the proposer.
    ballot: (round, proposer) => new Ballot({ round, proposer }),

    // A majority: any two quorums share an acceptor.
    quorumSize: (acceptors) => Math.floor(acceptors / 2) + 1,

    // Phase 1b: promise only a ballot above any promised before.
    mayPromise: (state, ballot) => compareBallots(ballot, state.promised) > 0,

    // Phase 2b: accept unless a higher ballot was promised.
    mayAccept: (state, ballot) => compareBallots(ballot, state.promised) >= 0,

    // Phase 2b: a vote in a ballot is a promise of it too.
    promiseAfterVote: (_state, ballot) => ballot,

    // An acceptor's promise and vote are on stable storage: a crash loses neither.
    afterCrash: (state) => state,

    // Only promises for the ballot being prepared count.
    promiseCounts: (state, promise) => promise.ballot.equals(state.ballot),

    // Each acceptor's promise counts once; promises are kept in acceptor order.
    recordPromise: (promises, promise) =>
      promises.some((p) => p.from === promise.from)
        ? promises
        : promises.push(promise).sortBy((p) => p.from),

    // Phase 2a: adopt the value of the highest-ballot vote the promises report; only if there
    // is none, propose your own.
    chooseValue: (promises, own) => {
      let highest: Vote | null = null;
      for (const promise of promises) {
        const vote = promise.vote;
        if (vote !== null && (highest === null || compareBallots(vote.ballot, highest.ballot) > 0)) {
          highest = vote;
        }
      }
      return highest === null ? own : highest.value;
    },

    // A restarted proposer keeps only its round counter, so it never reuses a ballot.
    afterRestart: (state) =>
      state.merge({ ballot: NO_BALLOT, phase: "idle", value: null, promises: List() }),

    // A learner decides on reports of the very same vote (one ballot) from a quorum.
    supporters: (acks, vote) => acks.get(vote) ?? ISet<string>(),
  },
});
`;

function readme(project: string): string {
  return `# ${project}

Single-decree Paxos with a variant of your own, checked by synod: every interleaving of lost,
reordered and duplicated messages and acceptor crashes that the model allows.

- \`paxos.synod\`: the model (how many acceptors, proposers and values; the faults).
- \`my-variant.ts\`: the protocol's rules, each written as the correct protocol's.

\`\`\`sh
npm install                   # synod and what it needs
npx synod check paxos.synod   # check the model: every invariant holds
npm test                      # the same check, as plain text (for CI)
\`\`\`

synod type-checks \`my-variant.ts\` before it runs it: a type error stops the check at its
line.

Make it find a bug: in \`my-variant.ts\`, change the last line of \`chooseValue\` from

\`\`\`ts
      return highest === null ? own : highest.value;
\`\`\`

to

\`\`\`ts
      return own;
\`\`\`

(a proposer then ignores the votes its promises report), and check again: synod prints the
shortest run in which two different values are chosen, 14 steps, and exits with code 1.
`;
}
