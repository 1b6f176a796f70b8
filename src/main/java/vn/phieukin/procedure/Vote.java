package vn.phieukin.procedure;

/** A delegate's answer on one removal line. */
public enum Vote {
    AGREE,
    DISAGREE,
    NONE
}
