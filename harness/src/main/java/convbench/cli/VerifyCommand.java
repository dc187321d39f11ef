package convbench.cli;

import convbench.api.Implementation;
import convbench.fixtures.Fixture;
import convbench.fixtures.FixtureLoader;
import convbench.harness.EnvironmentProbe;
import convbench.harness.OutputLock;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import convbench.verify.GeneratedCases;
import convbench.verify.VerifyEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convbench verify}: every fixture and generated case on every implementation. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check implementations against the fixtures and against generated cases judged by the float64 "
                + "reference. Each fixture gets a document status (HOLDS, ERRATUM, UNEXPECTED_ERRATUM, "
                + "ERRATUM_NOT_REPRODUCED; GENERATED for generated cases) and each implementation a result "
                + "(PASS, FAIL, SKIPPED, ERROR, MISTRUSTED).",
                "Ends with one summary line; exit 1 on any failure, error, unexpected or stale erratum."},
        resourceBundle = "convbench.cli.VerifyCommand$Texts")
public final class VerifyCommand implements Callable<Integer> {
    /** verify's wording of --impl. */
    public static final class Texts extends OptionTexts {
        public Texts() {
            super("""
                    impl = Only this implementation (repeatable, or a comma list). Default: all. \
                    See 'convbench list impls'.
                    """);
        }
    }

    @Option(names = "--fixtures", paramLabel = "PATH",
            description = "A fixture file or a folder of them (repeatable). Default: the shipped fixtures.")
    List<Path> fixtures = new ArrayList<>();

    @Mixin
    PointSelectionOptions.Impls impls;

    @Option(names = "--generated", paramLabel = "N",
            description = "Number of generated cases. Default: one per geometry template (${sys:cli.generated.templates}), "
                    + "or 0 when --fixtures is given.")
    Integer generated;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the generated inputs (default: ${DEFAULT-VALUE}).")
    long seed = GeneratedCases.DEFAULT_SEED;

    @Option(names = "--only", paramLabel = "ID", description = "Only the fixture or generated case with this id (repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the verification output (JSON) here, atomically.")
    Path json;

    @Mixin
    DeviceOption device;

    @Option(names = {"-q", "--quiet"}, description = "Print failures and the summary line only.")
    boolean quiet;

    static {
        System.setProperty("cli.generated.templates", String.valueOf(GeneratedCases.templateCount()));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (json != null) {
            OutputGuard.checkVerificationOutput("--json ", json, fixtures); // before any work: nothing lost, nothing wasted
        }
        int n = generated != null ? generated : (fixtures.isEmpty() ? GeneratedCases.templateCount() : 0);
        if (n < 0) {
            throw new UsageException("--generated: must not be negative, got " + n);
        }
        checkGeneratedFit(n);
        if (json == null) {
            return verify(out, n);
        }
        Files.createDirectories(json.toAbsolutePath().normalize().getParent());
        try (OutputLock lock = OutputLock.acquire(json)) {
            OutputGuard.removeStaleTemporaries(List.of(json), note -> out.println("note: " + note));
            return verify(out, n);
        } catch (OutputLock.HeldException e) {
            throw new UsageException("--json " + e.getMessage());
        }
    }

    private int verify(PrintStream out, int n) throws Exception {
        device.select();
        List<Implementation> chosen = ImplSelection.select(impls.names);
        ImplSelection.checkRequested(chosen, impls.names, device.spec);
        VerificationFile result;
        try {
            List<Fixture> all = loadFixtures(out);
            all.addAll(GeneratedCases.generate(n, seed));
            if (!only.isEmpty()) {
                List<Fixture> picked = all.stream().filter(f -> only.contains(f.id())).toList();
                for (String id : only) {
                    if (picked.stream().noneMatch(f -> f.id().equals(id))) {
                        throw new UsageException("--only: no fixture or generated case has the id '" + id + "'");
                    }
                }
                all = new ArrayList<>(picked);
            }
            if (all.isEmpty()) {
                throw new UsageException("nothing to verify: " + (fixtures.isEmpty() ? "no fixtures" : "the --fixtures "
                        + "files hold no fixtures") + " and no generated cases (--generated 0)");
            }
            out.println("verifying " + all.size() + " fixtures on " + chosen.size() + " implementations ("
                    + String.join(", ", chosen.stream().map(Implementation::name).toList()) + ")");
            final int count = n;
            VerifyEngine engine = new VerifyEngine(chosen, quiet ? null : out,
                    (f, impl) -> repro(f, impl, count), "true".equals(System.getenv("CI")));
            result = engine.run(all, EnvironmentProbe.probe());
        } finally {
            for (Implementation i : chosen) {
                i.close();
            }
        }
        if (quiet) {
            printFailures(result, out);
        }
        if (json != null) {
            try {
                ResultIO.write(json, result);
            } catch (IOException e) {
                throw new UsageException("--json: cannot write " + json + ": " + e.getMessage());
            }
            out.println("wrote " + json);
        }
        out.println(VerifyEngine.summaryLine(result.summary()));
        return VerifyEngine.failed(result.summary()) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private List<Fixture> loadFixtures(PrintStream out) throws Exception {
        FixtureLoader loader = new FixtureLoader();
        if (fixtures.isEmpty()) {
            return new ArrayList<>(loader.loadShipped());
        }
        List<Fixture> all = new ArrayList<>(loader.loadAll(fixtures));
        for (String empty : loader.filesWithoutFixtures()) {
            out.println("note: " + empty + " holds no fixtures (its \"fixtures\" array is empty)");
        }
        return all;
    }

    /**
     * Generated cases are all made before the first runs, so a count whose tensors cannot fit in
     * the heap is refused now (exit 2) rather than dying part way. The cost per case is measured
     * on one case of every template: their tensors (8 bytes per float64 value), twice over for the
     * reference outputs and copies the implementations get, plus 2 KiB for each case's records.
     */
    private void checkGeneratedFit(int n) {
        if (n == 0) {
            return;
        }
        int templates = GeneratedCases.templateCount();
        long cycleBytes = 0;
        for (Fixture f : GeneratedCases.generate(templates, seed)) {
            for (var t : f.inputs().values()) {
                cycleBytes += 8L * t.size();
            }
        }
        double perCase = 2.0 * cycleBytes / templates + 2048;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        double need = perCase * n;
        if (need > 0.8 * free) {
            long most = (long) (0.8 * free / perCase);
            throw new UsageException(String.format(java.util.Locale.ROOT,
                    "--generated %d: the cases need about %.0f MiB of memory, more than the %d MiB this JVM can spare "
                            + "(heap at most %d MiB); at most about %d fit here (or give Java more memory with "
                            + "JAVA_TOOL_OPTIONS=-Xmx...)", n, need / 1048576, (long) (0.8 * free) >> 20,
                    rt.maxMemory() >> 20, most));
        }
    }

    private String repro(Fixture f, String impl, int generatedCount) {
        StringBuilder sb = new StringBuilder("./convbench verify --impl ").append(impl);
        if (GeneratedCases.isGenerated(f)) {
            sb.append(" --generated ").append(generatedCount).append(" --seed ").append(seed);
        } else if (!fixtures.isEmpty()) {
            sb.append(" --fixtures ").append(f.file()).append(" --generated 0");
        } else {
            sb.append(" --generated 0");
        }
        return sb.append(" --only ").append(f.id()).toString();
    }

    private static void printFailures(VerificationFile result, PrintStream out) {
        for (var v : result.fixtures()) {
            if (v.documentStatus().equals(VerifyEngine.UNEXPECTED_ERRATUM)
                    || v.documentStatus().equals(VerifyEngine.ERRATUM_NOT_REPRODUCED)) {
                out.println(v.documentStatus() + " " + v.id() + ": " + v.message());
            }
        }
        for (var r : result.results()) {
            if (r.status().equals(VerifyEngine.FAIL) || r.status().equals(VerifyEngine.ERROR)) {
                out.println(r.impl() + " " + r.status() + " on " + r.fixture() + ":");
                for (String line : r.message().split("\n")) {
                    out.println("    " + line);
                }
            }
        }
    }
}
