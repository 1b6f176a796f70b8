package vn.phieukin.record.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * V4: no token key was used twice (one ballot per token), every receipt is the SHA-256 of
 * {@code JCS(request)} (so a delegate's receipt proves their exact ballot is in the record),
 * no receipt appears twice, and both lists are sorted by receipt as PROTOCOL.md requires
 * (an order that says nothing about arrival).
 */
final class TokenKeysAndReceipts {

    private TokenKeysAndReceipts() {
    }

    static CheckResult check(RecordContents c) {
        Findings findings = new Findings(CheckId.V4);

        Map<String, List<String>> byTokenKey = new LinkedHashMap<>();
        for (RecordContents.ElectronicBallot b : c.ballots) {
            if (b.tokenKey() != null) {
                byTokenKey.computeIfAbsent(b.tokenKey(), k -> new ArrayList<>()).add(b.label());
            }
        }
        byTokenKey.forEach((key, labels) -> {
            if (labels.size() > 1) {
                findings.fail("Khóa thẻ " + abbreviate(key) + " được dùng cho " + labels.size() + " phiếu: "
                        + String.join("; ", labels) + ".");
            }
        });

        List<String> receiptFailures = c.ballots.stream()
                .map(b -> {
                    if (b.request() == null || !b.request().isObject()) {
                        return b.label() + ": không có yêu cầu bỏ phiếu (request) để tính mã biên nhận.";
                    }
                    // canonicalised and hashed once, when the ballot was read (RecordContents.Crypto)
                    String computed = b.crypto().computedReceipt();
                    if (computed == null) {
                        return b.label() + ": yêu cầu bỏ phiếu không viết được thành JSON chuẩn tắc ("
                                + b.crypto().canonicalProblem() + ").";
                    }
                    if (b.receipt() == null) {
                        return b.label() + ": thiếu mã biên nhận; tính từ yêu cầu được " + computed + ".";
                    }
                    return computed.equals(b.receipt()) ? null
                            : b.label() + ": mã biên nhận không khớp với yêu cầu bỏ phiếu; tính lại được " + computed + ".";
                })
                .filter(Objects::nonNull).toList();
        findings.failAll(receiptFailures);

        Map<String, Integer> receipts = new LinkedHashMap<>();
        c.ballots.stream().map(RecordContents.ElectronicBallot::receipt).filter(Objects::nonNull)
                .forEach(r -> receipts.merge(r, 1, Integer::sum));
        c.paperBallots.stream().map(RecordContents.PaperEntry::receipt).filter(Objects::nonNull)
                .forEach(r -> receipts.merge(r, 1, Integer::sum));
        receipts.forEach((receipt, n) -> {
            if (n > 1) {
                findings.fail("Mã biên nhận " + receipt + " xuất hiện " + n + " lần trong biên bản.");
            }
        });

        checkSorted(findings, "ballots", c.ballots.stream().map(RecordContents.ElectronicBallot::receipt).toList());
        checkSorted(findings, "paperBallots", c.paperBallots.stream().map(RecordContents.PaperEntry::receipt).toList());
        findings.note(byTokenKey.size() + " khóa thẻ khác nhau, " + c.ballots.size() + " mã biên nhận đã tính lại.");
        return findings.result();
    }

    private static void checkSorted(Findings findings, String list, List<String> receipts) {
        for (int i = 1; i < receipts.size(); i++) {
            String before = receipts.get(i - 1);
            String here = receipts.get(i);
            if (before != null && here != null && before.compareTo(here) > 0) {
                findings.fail("Danh sách " + list + " không xếp theo mã biên nhận tăng dần: " + here + " (vị trí " + (i + 1)
                        + ") đứng sau " + before + ".");
                return;
            }
        }
    }

    static String abbreviate(String tokenKey) {
        return tokenKey.length() <= 24 ? tokenKey : "…" + tokenKey.substring(tokenKey.length() - 20);
    }
}
