package convbench.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting and HTML/Markdown escaping shared by the report writers and their tests. */
public final class Fmt {
    private Fmt() {
    }

    /** Three significant digits, plain notation ("0.0221", "12.3", "1250"); "n/a" for null/NaN. */
    public static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "n/a";
        }
        if (v.isInfinite()) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3));
        if (d.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            d = d.setScale(0, java.math.RoundingMode.HALF_UP);
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /** A ratio such as a speed-up: "4.12x". */
    public static String ratio(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? "n/a" : num(v) + "x";
    }

    /** A share as a percentage with one decimal: "37.5%". */
    public static String pct(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%", v * 100);
    }

    /** Escapes text for HTML/XHTML content and attribute values. */
    public static String html(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // XML 1.0 forbids most control characters; drop them.
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        continue;
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** Escapes a Markdown table cell: pipes, newlines and HTML brackets. */
    public static String md(Object o) {
        if (o == null) {
            return "";
        }
        return o.toString().replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;").replace(">", "&gt;");
    }
}
