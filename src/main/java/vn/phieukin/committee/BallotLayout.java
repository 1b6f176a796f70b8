package vn.phieukin.committee;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The slots of a round (COMMITTEE.md, "The encrypted ballot"), in ballot order: NOMINATION, per
 * section in round order, one slot per candidate sorted by cadre id; REMOVAL, per line in round
 * order, an {@code AGREE} and a {@code DISAGREE} slot. Slot names are the context suffixes
 * ({@code positionId|cadreId}, {@code lineId|AGREE}, {@code lineId|DISAGREE}).
 */
public sealed interface BallotLayout permits BallotLayout.Nomination, BallotLayout.Removal {

    /** Every slot name, in ballot order. */
    List<String> slotNames();

    /** One section: its candidate list (sorted by cadre id, distinct) and {@code maxSelections}. */
    record Section(String positionId, List<String> candidates, int maxSelections) {
        public Section {
            Objects.requireNonNull(positionId, "positionId");
            candidates = candidates.stream().sorted().toList();
            if (new HashSet<>(candidates).size() != candidates.size()) {
                throw new IllegalArgumentException("duplicate candidate in section " + positionId);
            }
            if (maxSelections < 0) {
                throw new IllegalArgumentException("maxSelections >= 0");
            }
        }
    }

    record Nomination(List<Section> sections) implements BallotLayout {
        public Nomination {
            sections = List.copyOf(sections);
            if (new HashSet<>(sections.stream().map(Section::positionId).toList()).size() != sections.size()) {
                throw new IllegalArgumentException("duplicate position");
            }
        }

        @Override
        public List<String> slotNames() {
            List<String> out = new ArrayList<>();
            for (Section s : sections) {
                for (String cadre : s.candidates()) {
                    out.add(s.positionId() + "|" + cadre);
                }
            }
            return out;
        }
    }

    record Removal(List<String> lines) implements BallotLayout {
        public Removal {
            lines = List.copyOf(lines);
            if (new HashSet<>(lines).size() != lines.size()) {
                throw new IllegalArgumentException("duplicate line");
            }
        }

        @Override
        public List<String> slotNames() {
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                out.add(line + "|AGREE");
                out.add(line + "|DISAGREE");
            }
            return out;
        }
    }
}
