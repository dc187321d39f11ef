package convbench.report;

import static convbench.report.Fmt.html;
import static convbench.report.Fmt.md;

import java.util.ArrayList;
import java.util.List;

/**
 * The section model of the report: headings, paragraphs, lists, tables and figures, each written
 * once by a section and rendered twice, as XHTML for {@code report.html} and as Markdown for
 * {@code summary.md}. A block marked {@code inSummary} goes to both; the others only to the HTML
 * (summary.md must stay small enough for a CI job summary).
 */
final class Doc {
    private final List<Block> blocks = new ArrayList<>();

    /** Inline text: plain, bold, code, line breaks and marked words (e.g. "unstable"). */
    static final class Text {
        private enum Kind { PLAIN, BOLD, CODE, BREAK, MARK }

        private record Span(Kind kind, String text, String cssClass) {
        }

        private final List<Span> spans = new ArrayList<>();

        static Text of(Object plain) {
            return new Text().plain(plain);
        }

        Text plain(Object s) {
            spans.add(new Span(Kind.PLAIN, s == null ? "" : s.toString(), null));
            return this;
        }

        Text bold(Object s) {
            spans.add(new Span(Kind.BOLD, s == null ? "" : s.toString(), null));
            return this;
        }

        Text code(Object s) {
            spans.add(new Span(Kind.CODE, s == null ? "" : s.toString(), null));
            return this;
        }

        Text br() {
            spans.add(new Span(Kind.BREAK, "", null));
            return this;
        }

        /** A word the reader must not miss, e.g. "unstable": a coloured label in HTML, bold in Markdown. */
        Text mark(String cssClass, Object s) {
            spans.add(new Span(Kind.MARK, s == null ? "" : s.toString(), cssClass));
            return this;
        }

        Text append(Text other) {
            spans.addAll(other.spans);
            return this;
        }

        boolean isEmpty() {
            return spans.stream().allMatch(s -> s.text().isEmpty() && s.kind() != Kind.BREAK);
        }

        String html() {
            StringBuilder b = new StringBuilder();
            for (Span s : spans) {
                switch (s.kind()) {
                    case PLAIN -> b.append(Fmt.html(s.text()));
                    case BOLD -> b.append("<b>").append(Fmt.html(s.text())).append("</b>");
                    case CODE -> b.append("<code>").append(Fmt.html(s.text())).append("</code>");
                    case BREAK -> b.append("<br/>");
                    case MARK -> b.append("<span class=\"").append(Fmt.html(s.cssClass())).append("\">")
                            .append(Fmt.html(s.text())).append("</span>");
                }
            }
            return b.toString();
        }

        String markdown() {
            StringBuilder b = new StringBuilder();
            for (Span s : spans) {
                switch (s.kind()) {
                    case PLAIN -> b.append(md(s.text()));
                    case BOLD, MARK -> b.append(s.text().isEmpty() ? "" : "**" + md(s.text()) + "**");
                    case CODE -> b.append('`').append(s.text().replace("`", "'").replace("|", "\\|")).append('`');
                    case BREAK -> b.append("<br>");
                }
            }
            return b.toString();
        }

        /** The text without markup, e.g. for a tooltip or a test. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            spans.forEach(s -> b.append(s.kind() == Kind.BREAK ? " " : s.text()));
            return b.toString();
        }
    }

    /** A table cell: its text, a CSS class (status colours, numbers right-aligned) and a tooltip. */
    record Cell(Text text, String cssClass, String title) {
        static Cell of(Object plain) {
            return new Cell(Text.of(plain), null, null);
        }

        static Cell num(Object plain) {
            return new Cell(Text.of(plain), "n", null);
        }

        static Cell of(Text t) {
            return new Cell(t, null, null);
        }
    }

    sealed interface Block permits Heading, Paragraph, Bullets, Table, Figures, SummaryOnly {
        boolean inSummary();
    }

    record Heading(int level, String id, Text text, boolean inSummary) implements Block {
    }

    record Paragraph(Text text, boolean note, boolean inSummary) implements Block {
    }

    record Bullets(List<Text> items, boolean inSummary) implements Block {
    }

    /** A row of a single cell with the CSS class {@code group} is a heading row across the whole table. */
    record Table(String cssClass, List<Cell> header, List<List<Cell>> rows, boolean inSummary) implements Block {
    }

    /** Charts side by side (small multiples); in Markdown only their file names. */
    record Figures(List<Charts.Rendered> charts, boolean inSummary) implements Block {
    }

    /** A block for summary.md only, e.g. a shorter form of an HTML table. */
    record SummaryOnly(Block block) implements Block {
        @Override
        public boolean inSummary() {
            return true;
        }
    }

    Doc summaryOnly(Block b) {
        blocks.add(new SummaryOnly(b));
        return this;
    }

    Doc heading(int level, String id, String text, boolean inSummary) {
        blocks.add(new Heading(level, id, Text.of(text), inSummary));
        return this;
    }

    Doc para(Text t, boolean inSummary) {
        blocks.add(new Paragraph(t, false, inSummary));
        return this;
    }

    Doc note(Text t) {
        blocks.add(new Paragraph(t, true, false));
        return this;
    }

    Doc note(String s) {
        return note(Text.of(s));
    }

    Doc bullets(List<Text> items, boolean inSummary) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items), inSummary));
        }
        return this;
    }

    Doc table(String cssClass, List<Cell> header, List<List<Cell>> rows, boolean inSummary) {
        blocks.add(new Table(cssClass, header, rows, inSummary));
        return this;
    }

    Doc figures(List<Charts.Rendered> charts) {
        if (!charts.isEmpty()) {
            blocks.add(new Figures(List.copyOf(charts), false));
        }
        return this;
    }

    List<Block> blocks() {
        return blocks;
    }

    // ---- renderers ------------------------------------------------------------------------------

    String toHtml() {
        StringBuilder h = new StringBuilder(1 << 14);
        boolean inSection = false;
        for (Block b : blocks) {
            if (b instanceof Heading x && x.level() == 2) {
                // each level-2 heading opens a <section> carrying the id, so a section can be found whole
                h.append(inSection ? "</section>\n" : "").append("<section")
                        .append(x.id() == null ? "" : " id=\"" + html(x.id()) + "\"")
                        .append(">\n<h2>").append(x.text().html()).append("</h2>\n");
                inSection = true;
            } else if (b instanceof Heading x) {
                h.append("<h").append(x.level()).append(x.id() == null ? "" : " id=\"" + html(x.id()) + "\"")
                        .append('>').append(x.text().html()).append("</h").append(x.level()).append(">\n");
            } else if (b instanceof Paragraph x) {
                h.append(x.note() ? "<p class=\"note\">" : "<p>").append(x.text().html()).append("</p>\n");
            } else if (b instanceof Bullets x) {
                h.append("<ul>\n");
                x.items().forEach(t -> h.append("<li>").append(t.html()).append("</li>\n"));
                h.append("</ul>\n");
            } else if (b instanceof Table x) {
                tableHtml(h, x);
            } else if (b instanceof Figures x) {
                h.append("<div class=\"figures\">\n");
                for (Charts.Rendered r : x.charts()) {
                    h.append("<figure><img class=\"chart\" alt=\"").append(html(r.title())).append("\" width=\"")
                            .append(r.width()).append("\" height=\"").append(r.height()).append("\" src=\"")
                            .append(r.dataUri()).append("\"/><figcaption class=\"note\">Files: <a href=\"charts/")
                            .append(html(r.name())).append(".png\">PNG</a>, <a href=\"charts/").append(html(r.name()))
                            .append(".svg\">SVG</a></figcaption></figure>\n");
                }
                h.append("</div>\n");
            }
        }
        h.append(inSection ? "</section>\n" : "");
        return h.toString();
    }

    private static void tableHtml(StringBuilder h, Table t) {
        h.append("<div class=\"scroll\"><table").append(t.cssClass() == null ? "" : " class=\"" + html(t.cssClass()) + "\"")
                .append("><tr>");
        t.header().forEach(c -> h.append("<th>").append(c.text().html()).append("</th>"));
        h.append("</tr>\n");
        for (List<Cell> row : t.rows()) {
            h.append("<tr>");
            if (row.size() == 1 && t.header().size() > 1 && "group".equals(row.get(0).cssClass())) {
                h.append("<th colspan=\"").append(t.header().size()).append("\">").append(row.get(0).text().html())
                        .append("</th></tr>\n");
                continue;
            }
            for (Cell c : row) {
                h.append("<td");
                if (c.cssClass() != null) {
                    h.append(" class=\"").append(html(c.cssClass())).append('"');
                }
                if (c.title() != null) {
                    h.append(" title=\"").append(html(c.title())).append('"');
                }
                h.append('>').append(c.text().html()).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    String toMarkdown() {
        StringBuilder m = new StringBuilder(1 << 12);
        for (Block block : blocks) {
            if (!block.inSummary()) {
                continue;
            }
            Block b = block instanceof SummaryOnly x ? x.block() : block;
            if (b instanceof Heading x) {
                m.append("#".repeat(x.level())).append(' ').append(x.text().markdown()).append("\n\n");
            } else if (b instanceof Paragraph x) {
                m.append(x.text().markdown()).append("\n\n");
            } else if (b instanceof Bullets x) {
                x.items().forEach(t -> m.append("- ").append(t.markdown()).append('\n'));
                m.append('\n');
            } else if (b instanceof Table x) {
                m.append('|');
                x.header().forEach(c -> m.append(' ').append(c.text().markdown()).append(" |"));
                m.append("\n|");
                x.header().forEach(c -> m.append("n".equals(c.cssClass()) ? "---:|" : "---|"));
                m.append('\n');
                for (List<Cell> row : x.rows()) {
                    m.append('|');
                    for (int i = 0; i < x.header().size(); i++) {
                        m.append(' ').append(i < row.size() ? row.get(i).text().markdown() : "").append(" |");
                    }
                    m.append('\n');
                }
                m.append('\n');
            } else if (b instanceof Figures x) {
                m.append("Charts:");
                x.charts().forEach(r -> m.append(" `charts/").append(r.name()).append(".png`"));
                m.append("\n\n");
            }
        }
        return m.toString();
    }
}
