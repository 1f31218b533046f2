/** The built-in buggy variants of single-decree Paxos: the classic bugs of the README's table. */
import type { Variant } from "../../../core/protocol.ts";
import type { PaxosRules } from "../rules.ts";
import { acceptBelowPromise } from "./accept-below-promise.ts";
import { adoptFirst } from "./adopt-first.ts";
import { countDuplicates } from "./count-duplicates.ts";
import { forgetPromise } from "./forget-promise.ts";
import { halfQuorum } from "./half-quorum.ts";
import { learnAcrossBallots } from "./learn-across-ballots.ts";
import { noAdopt } from "./no-adopt.ts";
import { reportRequest } from "./report-request.ts";
import { sharedBallots } from "./shared-ballots.ts";
import { stalePromises } from "./stale-promises.ts";
import { strictAccept } from "./strict-accept.ts";
import { voteWithoutPromise } from "./vote-without-promise.ts";
import { wrongIdentity } from "./wrong-identity.ts";

export const paxosVariants: readonly Variant<PaxosRules>[] = [
  forgetPromise,
  noAdopt,
  acceptBelowPromise,
  stalePromises,
  countDuplicates,
  halfQuorum,
  sharedBallots,
  strictAccept,
  learnAcrossBallots,
  voteWithoutPromise,
  adoptFirst,
  reportRequest,
  wrongIdentity,
];
