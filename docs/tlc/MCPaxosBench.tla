------------------------------ MODULE MCPaxosBench ------------------------------
(* Lamport's Paxos (the Paxos module of the TLA+ examples) at the sizes of synod's *)
(* models/bench/tla-2v-b*.synod: 3 acceptors, 2 values, majority quorums, ballots  *)
(* 0..MaxBallot, checking agreement only, as those models do.                     *)
EXTENDS Paxos, TLC
CONSTANTS a1, a2, a3, v1, v2, MaxBallot
MCAcceptor == {a1, a2, a3}
MCValue == {v1, v2}
MCQuorum == {{a1, a2}, {a1, a3}, {a2, a3}}
MCBallot == 0..MaxBallot
MCSymmetry == Permutations(MCAcceptor) \cup Permutations(MCValue)
Agreement == \A v, w \in V!chosen : v = w
================================================================================
