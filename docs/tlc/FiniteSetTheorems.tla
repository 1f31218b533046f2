--------------------------- MODULE FiniteSetTheorems ---------------------------
(* A stand-in for the proof library module Consensus.tla extends: only the     *)
(* theorem names its proofs cite. TLC does not read proofs.                     *)
EXTENDS FiniteSets
THEOREM FS_EmptySet == TRUE
THEOREM FS_Singleton == TRUE
================================================================================
