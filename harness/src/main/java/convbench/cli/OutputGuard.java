package convbench.cli;

import convbench.fixtures.FileKinds;
import convbench.results.ResultFormatException;
import convbench.results.ResultIO;
import convbench.suites.Suites;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rules every command follows before it writes anything, so that nothing a user wrote is
 * lost: an output is refused (exit 2, with the reason) when it is an input of the same command,
 * when it exists and was not written by convbench, when it is a folder, a device or a FIFO, or
 * when its folder cannot be written. All of it is checked before any work starts.
 */
final class OutputGuard {
    /** Marks a folder written by {@code convbench run}: only such a folder (or a new or empty one) is written again. */
    static final String RUN_MARKER = ".convbench-run";

    private OutputGuard() {
    }

    /** An input file named on the command line: exit 2 naming it and saying what it is instead. */
    static void requireInputFile(String what, Path p) {
        String problem = FileKinds.notARegularFile(p);
        if (problem != null) {
            throw new UsageException(what + p + ": " + problem);
        }
    }

    /**
     * Suite arguments that name an existing path must be regular files (a folder or FIFO would
     * otherwise read as "unknown suite ... no such file"); names that exist nowhere are left to
     * the suite loader, which lists the built-in suites.
     */
    static void checkSuiteFiles(List<String> suites) {
        for (String s : suites) {
            if (!Suites.BUILT_IN.contains(s) && (Files.exists(Path.of(s)) || Files.isSymbolicLink(Path.of(s)))) {
                requireInputFile("--suite ", Path.of(s));
            }
        }
    }

    /** The same file, or the same path when one of them does not exist yet. */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Whether {@code p} lies somewhere under the folder {@code dir}. */
    static boolean inside(Path p, Path dir) {
        return real(p).startsWith(real(dir)) && !same(p, dir);
    }

    /** The path with links resolved as far as it exists (an output file usually does not exist yet). */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /**
     * One output file (written atomically: temp file, then rename) of a command.
     *
     * @param option  how the user named it, for messages, e.g. {@code "--json "}
     * @param what    what convbench writes there, e.g. "verification file"
     * @param ours    null when an existing file at that path is one convbench wrote (and may be
     *                replaced), else the reason it is not
     */
    static void checkOutputFile(String option, Path out, String what, java.util.function.Function<Path, String> ours) {
        if (Files.isDirectory(out)) {
            throw new UsageException(option + out + ": is a folder; name a file, e.g. " + out.resolve("out.json"));
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            String kind = FileKinds.notARegularFile(out);
            if (kind != null) {
                throw new UsageException(option + out + ": " + kind + "; the " + what
                        + " is written by renaming a new file onto this path, which would replace it. Name a file.");
            }
            String notOurs = ours.apply(out);
            if (notOurs != null) {
                throw new UsageException(option + out + ": the file exists and is not a " + what + " ("
                        + notOurs + "); refusing to overwrite it. Name a new file or move it away.");
            }
        }
        checkCanCreateIn(option, out);
    }

    /**
     * Creates (and at once deletes) a file in the nearest existing folder of {@code out}, so a
     * path such as /proc/r.json is refused now, not at the end of a long run.
     */
    static void checkCanCreateIn(String option, Path out) {
        checkCanCreateIn(option, out, out.toAbsolutePath().normalize().getParent());
    }

    /** As above for a file to be made in {@code folder} (which may not exist yet); messages name {@code shown}. */
    static void checkCanCreateIn(String option, Path shown, Path folder) {
        Path out = shown;
        Path dir = folder;
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new UsageException(option + out + ": no folder of this path exists");
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + out + ": " + dir + " is not a folder");
        }
        try {
            Path probe = Files.createTempFile(dir, ".convbench-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "its file system takes no new files"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : String.valueOf(e.getMessage());
            throw new UsageException(option + out + ": cannot create files in " + dir + " (" + why + ")");
        }
    }

    /** {@code verify --json}: never a fixture file or folder of the same command, never a file convbench did not write. */
    static void checkVerificationOutput(String option, Path json, List<Path> fixtures) {
        for (Path f : fixtures) {
            if (same(json, f)) {
                throw new UsageException(option + json + ": is also a fixture input (--fixtures " + f
                        + "); writing the verification output there would overwrite it. Name another file.");
            }
            if (Files.isDirectory(f) && inside(json, f) && json.toString().endsWith(".json")) {
                throw new UsageException(option + json + ": lies inside the fixture folder --fixtures " + f
                        + ", where the next verify would read it as a fixture file. Name a file outside it.");
            }
        }
        checkOutputFile(option, json, "convbench verification file", OutputGuard::notAVerificationFile);
    }

    private static String notAVerificationFile(Path p) {
        try {
            return ResultIO.isVerificationFile(p) ? null : "it holds no \"fixtures\", \"results\" and \"summary\"";
        } catch (ResultFormatException e) {
            return e.getMessage();
        }
    }

    /**
     * The files {@code bench --out FILE} writes: the result file, its CSV twin, JMH's log and the
     * JMH-format twin (named as BenchRun names them).
     */
    static List<Path> benchOutputs(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        String base = abs.getFileName().toString().replaceFirst("\\.json$", "");
        return List.of(abs, abs.resolveSibling(base + ".csv"), abs.resolveSibling(base + ".jmh.log"),
                abs.resolveSibling(base + ".jmh.json"));
    }

    /**
     * {@code bench --out FILE}: none of its three files may be a suite file of the same run; the
     * result file, if it exists, must be a convbench result file, and then its CSV and log are
     * its own; without it, an existing CSV must start with convbench's header and a log may not exist.
     */
    static void checkBenchOutput(String option, Path out, List<String> suites) {
        List<Path> outputs = benchOutputs(out);
        for (String s : suites) {
            if (Suites.BUILT_IN.contains(s)) {
                continue;
            }
            Path suite = Path.of(s);
            for (Path o : outputs) {
                if (same(o, suite)) {
                    throw new UsageException(option + out + ": " + (o.equals(outputs.get(0)) ? "is" : "writes " + o
                            + ", which is") + " also the suite file --suite " + s
                            + "; the run would overwrite it. Name another result file.");
                }
            }
        }
        checkOutputFile(option, out, "convbench result file", OutputGuard::notAResultFile);
        boolean resultIsOurs = Files.isRegularFile(outputs.get(0));
        for (Path sibling : outputs.subList(1, outputs.size())) {
            if (!Files.exists(sibling, LinkOption.NOFOLLOW_LINKS) || resultIsOurs && Files.isRegularFile(sibling)) {
                continue;
            }
            String kind = FileKinds.notARegularFile(sibling);
            boolean csvOfOurs = kind == null && sibling.equals(outputs.get(1)) && startsWithCsvHeader(sibling);
            if (!csvOfOurs) {
                throw new UsageException(option + out + ": the run also writes " + sibling + ", which exists "
                        + (kind != null ? "and " + kind : "and was not written by convbench bench")
                        + "; refusing to overwrite it. Name another result file or move it away.");
            }
        }
    }

    private static String notAResultFile(Path p) {
        try {
            var rf = ResultIO.readResults(p);
            if (rf.settings() != null && "JMH result file".equals(rf.settings().get("source"))) {
                return "it is a JMH result file, not one convbench bench wrote";
            }
            return null;
        } catch (ResultFormatException e) {
            return e.getMessage();
        }
    }

    private static boolean startsWithCsvHeader(Path csv) {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.equals(String.join(",", convbench.bench.ResultCsv.HEADER));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code run --out DIR}: a new folder, an empty one, or one an earlier run wrote (it has
     * {@link #RUN_MARKER}); a run overwrites its own files there and nothing else.
     */
    static void checkRunFolder(String option, Path dir) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            String kind = FileKinds.notARegularFile(dir);
            throw new UsageException(option + dir + ": " + (kind == null ? "is a file" : kind)
                    + "; run writes a folder (verification.json, bench.json, report/). Name a new folder.");
        }
        if (Files.isDirectory(dir) && !Files.isRegularFile(dir.resolve(RUN_MARKER))) {
            List<String> entries = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).sorted().limit(4).forEach(entries::add);
            } catch (IOException e) {
                throw new UsageException(option + dir + ": cannot list the folder: " + e.getMessage());
            }
            if (!entries.isEmpty()) {
                throw new UsageException(option + dir + ": the folder exists, is not one that convbench run wrote "
                        + "(it has no " + RUN_MARKER + " file) and holds "
                        + String.join(", ", entries.subList(0, Math.min(3, entries.size())))
                        + (entries.size() > 3 ? ", ..." : "") + "; run writes verification.json, bench.json and "
                        + "report/ there, so it goes only into a new or empty folder or one an earlier run wrote. "
                        + "Name another folder.");
            }
        }
        checkCanCreateIn(option, dir, dir.toAbsolutePath().normalize());
    }

    /**
     * Result and verification files are written to {@code .NAME.<digits>.tmp} beside them and
     * renamed into place; a run killed in between leaves that file behind. Called while holding
     * the output's lock, so none of them belongs to a live run.
     */
    static void removeStaleTemporaries(List<Path> outputs, java.util.function.Consumer<String> note) {
        for (Path o : outputs) {
            Path abs = o.toAbsolutePath().normalize();
            String prefix = "." + abs.getFileName() + ".";
            try (Stream<Path> s = Files.list(abs.getParent())) {
                for (Path p : s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(prefix) && n.endsWith(".tmp")
                            && n.substring(prefix.length(), n.length() - 4).matches("[0-9]+");
                }).toList()) {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(p);
                        note.accept("removed " + p + ", a temporary file of an interrupted run");
                    }
                }
            } catch (IOException e) {
                note.accept("could not clean temporary files beside " + abs + ": " + e.getMessage());
            }
        }
    }

    /** Marks {@code dir} (which exists) as written by {@code convbench run}. */
    static void markRunFolder(Path dir) throws IOException {
        Path marker = dir.resolve(RUN_MARKER);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "convbench run folder: verification.json, bench.json (+ .csv, .jmh.json, .jmh.log) and "
                    + "report/ here were written by convbench run; the next run into this folder replaces them\n",
                    StandardCharsets.UTF_8);
        }
    }
}
