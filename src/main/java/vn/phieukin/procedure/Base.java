package vn.phieukin.procedure;

/** What votes are counted against: the convened members or those present when the round opened. */
public enum Base {
    CONVENED("số người được triệu tập"),
    PRESENT("số người có mặt");

    private final String vietnamese;

    Base(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() {
        return vietnamese;
    }
}
