/**
 * Every message the message-set Paxos can send, numbered, so that `msgs` (the set of messages
 * sent) is a bitset. Ballots are 0..B, values 0..V-1, and -1 stands for "none" (TLA+'s -1 and
 * None), as in the initial maxVBal and maxVal.
 */
export type AbstractMessage =
  | { readonly type: "1a"; readonly bal: number }
  | {
      readonly type: "1b";
      readonly acc: number;
      readonly bal: number;
      readonly mbal: number;
      readonly mval: number;
    }
  | { readonly type: "2a"; readonly bal: number; readonly val: number }
  | { readonly type: "2b"; readonly acc: number; readonly bal: number; readonly val: number };

export class MessageCatalog {
  readonly size: number;
  private readonly oneAStart = 0;
  private readonly oneBStart: number;
  private readonly twoAStart: number;
  /** The first 2b message: votes are the messages from here on. */
  readonly twoBStart: number;
  /** mbal ranges over -1..B, mval over -1..V-1. */
  private readonly mbals: number;
  private readonly mvals: number;

  constructor(
    readonly acceptors: number,
    readonly maxBallot: number,
    readonly values: number,
  ) {
    const ballots = maxBallot + 1;
    this.mbals = ballots + 1;
    this.mvals = values + 1;
    this.oneBStart = this.oneAStart + ballots;
    this.twoAStart = this.oneBStart + acceptors * ballots * this.mbals * this.mvals;
    this.twoBStart = this.twoAStart + ballots * values;
    this.size = this.twoBStart + acceptors * ballots * values;
  }

  oneA(bal: number): number {
    return this.oneAStart + bal;
  }

  oneB(acc: number, bal: number, mbal: number, mval: number): number {
    const ballots = this.maxBallot + 1;
    return (
      this.oneBStart + ((acc * ballots + bal) * this.mbals + (mbal + 1)) * this.mvals + (mval + 1)
    );
  }

  twoA(bal: number, val: number): number {
    return this.twoAStart + bal * this.values + val;
  }

  twoB(acc: number, bal: number, val: number): number {
    return this.twoBStart + (acc * (this.maxBallot + 1) + bal) * this.values + val;
  }

  decode(index: number): AbstractMessage {
    const ballots = this.maxBallot + 1;
    if (index < this.oneBStart) return { type: "1a", bal: index - this.oneAStart };
    if (index < this.twoAStart) {
      let i = index - this.oneBStart;
      const mval = (i % this.mvals) - 1;
      i = Math.floor(i / this.mvals);
      const mbal = (i % this.mbals) - 1;
      i = Math.floor(i / this.mbals);
      return { type: "1b", acc: Math.floor(i / ballots), bal: i % ballots, mbal, mval };
    }
    if (index < this.twoBStart) {
      const i = index - this.twoAStart;
      return { type: "2a", bal: Math.floor(i / this.values), val: i % this.values };
    }
    const i = index - this.twoBStart;
    const val = i % this.values;
    const j = Math.floor(i / this.values);
    return { type: "2b", acc: Math.floor(j / ballots), bal: j % ballots, val };
  }

  encode(message: AbstractMessage): number {
    switch (message.type) {
      case "1a":
        return this.oneA(message.bal);
      case "1b":
        return this.oneB(message.acc, message.bal, message.mbal, message.mval);
      case "2a":
        return this.twoA(message.bal, message.val);
      case "2b":
        return this.twoB(message.acc, message.bal, message.val);
    }
  }
}
