package vn.phieukin.ballot;

/**
 * The issuer's blind signature does not unblind to a valid token signature (RFC 9474 Finalize
 * "invalid signature"): a broken or dishonest issuer, or a reply for another blinded message.
 */
public final class InvalidBlindSignatureException extends RuntimeException {

    InvalidBlindSignatureException(String message) {
        super(message);
    }
}
