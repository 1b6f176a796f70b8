package vn.phieukin.procedure;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.Objects;

/** A cadre of the review's registry: someone who can be planned for a position. */
public record Cadre(
        String id,
        String fullName,
        LocalDate birthDate,
        Gender gender,
        String ethnicity,
        String title,
        String unit,
        boolean stem,
        boolean subordinatePost) {

    /** The majority ethnic group; every other ethnicity counts as an ethnic minority (seed 003). */
    public static final String MAJORITY_ETHNICITY = "Kinh";

    public Cadre {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(ethnicity, "ethnicity");
        title = title == null ? "" : title;
        unit = unit == null ? "" : unit;
        if (fullName.isBlank() || ethnicity.isBlank()) {
            throw new IllegalArgumentException("fullName and ethnicity are required");
        }
    }

    /** Age in completed years at {@code date}: the birthday itself counts; 29 February turns on 1 March in common years. */
    public int ageOn(LocalDate date) {
        return Period.between(birthDate, date).getYears();
    }

    public boolean isEthnicMinority() {
        String normalized = Normalizer.normalize(ethnicity.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return !normalized.equals(MAJORITY_ETHNICITY.toLowerCase(Locale.ROOT));
    }
}
