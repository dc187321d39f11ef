package convbench.cli;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Op;
import convbench.api.Support;
import convbench.api.Window;
import convbench.fixtures.Fixture;
import convbench.fixtures.FixtureLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convbench list impls|fixtures|ops}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List implementations (with what is active at run time), fixtures, or operations.")
public final class ListCommand implements Callable<Integer> {

    enum What { impls, fixtures, ops }

    @Parameters(index = "0", paramLabel = "WHAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    What what;

    @Option(names = "--fixtures", paramLabel = "PATH", description = "For 'list fixtures': list this file or folder instead of the shipped ones.")
    List<Path> fixtures = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        switch (what) {
            case impls -> listImpls();
            case fixtures -> listFixtures();
            case ops -> listOps();
        }
        return ExitCodes.OK;
    }

    private static void listImpls() {
        List<Implementation> all = Implementations.discover();
        try {
            for (Implementation i : all) {
                Support a = i.available();
                System.out.println(i.name() + (a.supported() ? "" : "  [not available: " + a.reason() + "]"));
                if (!i.variant().isEmpty()) {
                    System.out.println("    active: " + i.variant());
                }
                if (a.supported() && i instanceof convbench.opencl.OpenClImplementation o) {
                    for (String line : o.tuningSummary()) {
                        System.out.println("    tuning: " + line);
                    }
                }
                System.out.println("    follows: " + i.documentSection());
                System.out.println(wrap(i.description(), "    ", 96));
            }
        } finally {
            all.forEach(Implementation::close);
        }
    }

    private void listFixtures() throws Exception {
        FixtureLoader loader = new FixtureLoader();
        List<Fixture> list = fixtures.isEmpty() ? loader.loadShipped() : loader.loadAll(fixtures);
        String doc = null;
        for (Fixture f : list) {
            if (!f.source().document().equals(doc)) {
                doc = f.source().document();
                System.out.println(doc + "  (" + f.file() + ")");
            }
            System.out.printf("  %-40s %-18s %-8s %s%s%n", f.id(), f.op().id(), f.source().kind(), f.title(),
                    f.erratum() != null ? "  [erratum annotated]" : "");
        }
        System.out.println(list.size() + " fixtures");
    }

    private static void listOps() {
        List<Implementation> all = Implementations.discover();
        try {
            for (Op op : Op.values()) {
                List<String> who = new ArrayList<>();
                for (Implementation i : all) {
                    if (op != Op.OUTPUT_SHAPE && i.supports(op, Window.of(3, 1, 1)).supported()) {
                        who.add(i.name());
                    }
                }
                System.out.printf("%-20s %s%n", op.id(), op.description());
                System.out.println("    " + (op == Op.OUTPUT_SHAPE ? "geometry: checked by the reference; "
                        + "implementations are checked on the shape they write"
                        : "implemented by: " + (who.isEmpty() ? "none" : String.join(", ", who))));
            }
        } finally {
            all.forEach(Implementation::close);
        }
    }

    static String wrap(String text, String indent, int width) {
        StringBuilder sb = new StringBuilder(indent);
        int col = indent.length();
        for (String word : text.split("\\s+")) {
            if (col + word.length() + 1 > width && col > indent.length()) {
                sb.append('\n').append(indent);
                col = indent.length();
            } else if (col > indent.length()) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.toString();
    }
}
