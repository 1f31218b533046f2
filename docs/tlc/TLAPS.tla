------------------------------ MODULE TLAPS ------------------------------------
(* A stand-in for the TLA+ proof system's library module, which Voting.tla      *)
(* extends: only the names its proofs cite. TLC does not read proofs.            *)
PTL == TRUE
ExpandENABLED == TRUE
================================================================================
