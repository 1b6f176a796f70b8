/**
 * Ballot cryptography (PROTOCOL.md): RFC 9474 blind signatures for the round tokens, ECDSA P-256
 * ballot signatures, RFC 8785 canonical JSON and receipts, and the Ed25519 seal of the record.
 * Uses the Bouncy Castle lightweight API only; never depends on the server, the store or the
 * record, because the offline verifier needs it alone.
 */
package vn.phieukin.ballot;
