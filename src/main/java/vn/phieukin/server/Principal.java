package vn.phieukin.server;

/** Who sent a request, as found from its bearer token. */
public sealed interface Principal {

    /** A logged-in staff member. */
    record Staff(String userId, String username, Role role, String displayName) implements Principal {
    }

    /** A paired tablet, acting for one delegate of one conference. */
    record Tablet(String delegateId, String conferenceId) implements Principal {
    }
}
