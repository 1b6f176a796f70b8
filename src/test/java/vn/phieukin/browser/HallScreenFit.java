package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The hall screen's two checks (the projector is never scrolled, and is read from the back of the hall). */
final class HallScreenFit {
    private HallScreenFit() {
    }

    /** The document is no taller or wider than the screen, and no element reaches outside it (clipped ones included). */
    @SuppressWarnings("unchecked")
    static void assertFits(Chromium b, String what) {
        List<String> outside = (List<String>) b.js(
                "const H = innerHeight, W = innerWidth, out = [];"
                + "const d = document.documentElement;"
                + "if (d.scrollHeight > H) out.push('document height ' + d.scrollHeight + ' > ' + H);"
                + "if (d.scrollWidth > W) out.push('document width ' + d.scrollWidth + ' > ' + W);"
                + "for (const e of document.querySelectorAll('main *')) {"
                + "  if (!e.getClientRects().length) continue;"
                + "  const r = e.getBoundingClientRect();"
                + "  if (r.bottom > H + 0.5 || r.right > W + 0.5) out.push(e.tagName + '.' + e.className + ' bottom ' + Math.round(r.bottom) + ' right ' + Math.round(r.right) + ': ' + e.textContent.slice(0, 40));"
                + "}"
                + "return out.slice(0, 10);");
        assertThat(outside).as("%s: nothing outside the %s×%s screen", what, b.js("return innerWidth"), b.js("return innerHeight"))
                .isEmpty();
    }

    /** At 1920×1080: the headline at least 80 px, every visible text at least 32 px (but the auditors' seal line). */
    @SuppressWarnings("unchecked")
    static void assertReadable(Chromium b, String what) {
        double headline = ((Number) b.js("return parseFloat(getComputedStyle(document.querySelector('#conference-title')).fontSize)"))
                .doubleValue();
        assertThat(headline).as("%s: headline size in px", what).isGreaterThanOrEqualTo(80);
        List<String> small = (List<String>) b.js(
                "const out = [];"
                + "for (const e of document.querySelectorAll('main *')) {"
                + "  if (e.closest('.seal') || !e.getClientRects().length) continue;"
                + "  if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;"
                + "  const size = parseFloat(getComputedStyle(e).fontSize);"
                + "  if (size < 32) out.push(e.tagName + '.' + e.className + ' ' + size + 'px: ' + e.textContent.slice(0, 30));"
                + "}"
                + "return out.slice(0, 10);");
        assertThat(small).as("%s: text smaller than 32 px", what).isEmpty();
    }
}
